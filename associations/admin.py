from django.contrib import admin

from associations.models import Association, Category, District, Membership


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "is_rural"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ["name", "org_number", "legal_form", "status", "district"]
    list_filter = ["status", "legal_form", "district", "categories"]
    search_fields = ["name", "org_number"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


from associations import volunteer_admin  # noqa: E402, F401
