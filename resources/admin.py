from django.contrib import admin

from resources.models import Closure, Feature, OpeningException, OpeningHours, Resource, Venue


@admin.register(Feature)
class FeatureAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "address"]
    search_fields = ["name", "address"]
    prepopulated_fields = {"slug": ["name"]}


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


class OpeningExceptionInline(admin.TabularInline):
    model = OpeningException
    extra = 0


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "venue", "kind", "capacity", "quantity", "owner", "needs_approval"]
    list_filter = ["kind", "venue", "needs_approval", "is_active", "bookable_by"]
    list_select_related = ["venue", "owner"]
    search_fields = ["name", "description", "venue__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["owner", "allowed_associations", "parent"]
    filter_horizontal = ["features"]
    inlines = [OpeningHoursInline, OpeningExceptionInline, ClosureInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "venue", "name", "slug", "kind", "description", "photo", "photo_alt",
                    "capacity", "features", "quantity", "parent", "is_active",
                ]
            },
        ),
        (None, {"fields": ["owner", "bookable_by", "allowed_associations"]}),
        (
            "Rules",
            {
                "fields": [
                    "slot_minutes", "min_minutes", "max_minutes", "book_ahead_days",
                    "latest_notice_minutes", "buffer_before_minutes", "buffer_after_minutes",
                    "max_active_bookings", "needs_approval", "cancellation_deadline_hours",
                    "price", "price_unit",
                ]
            },
        ),
    ]  # fmt: skip


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ["resource", "start_date", "end_date", "reason"]
    list_select_related = ["resource__venue"]
    list_filter = ["resource__venue"]
    search_fields = ["resource__name", "reason"]


@admin.register(OpeningException)
class OpeningExceptionAdmin(admin.ModelAdmin):
    list_display = ["resource", "date", "opens", "closes", "note"]
    list_filter = ["resource__venue"]
    list_select_related = ["resource", "resource__venue"]
    search_fields = ["resource__name", "note"]
    date_hierarchy = "date"
    autocomplete_fields = ["resource"]
