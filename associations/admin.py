import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from associations import services
from associations.csv_io import EXPORT_COLUMNS, import_csv
from associations.forms import ImportForm, RejectForm
from associations.models import (
    Association,
    Category,
    District,
    MemberCount,
    Membership,
    PendingAssociation,
)


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


class MemberCountInline(admin.TabularInline):
    model = MemberCount
    extra = 0


def _each(modeladmin, request, queryset, service, done_message, **kwargs):
    done = 0
    for association in queryset.order_by("pk"):
        try:
            service(association, by=request.user, **kwargs)
        except ValidationError as exc:
            modeladmin.message_user(
                request, f"{association}: {' '.join(exc.messages)}", messages.WARNING
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


@admin.action(description=gettext_lazy("Approve the selected associations"))
def approve(modeladmin, request, queryset):
    _each(modeladmin, request, queryset, services.approve, _("%(count)s approved."))


@admin.action(description=gettext_lazy("Reject the selected associations (with a reason)…"))
def reject(modeladmin, request, queryset):
    form = RejectForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        _each(
            modeladmin,
            request,
            queryset,
            services.reject,
            _("%(count)s rejected."),
            reason=form.cleaned_data["reason"],
        )
        return None
    return TemplateResponse(
        request,
        "admin/associations/reject.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Reject associations"),
            "form": form,
            "queryset": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "opts": modeladmin.model._meta,
        },
    )


@admin.action(description=gettext_lazy("Mark the selected as eligible for grants"))
def mark_grant_eligible(modeladmin, request, queryset):
    _each(
        modeladmin,
        request,
        queryset,
        services.mark_grant_eligible,
        _("%(count)s marked as eligible for grants."),
    )


@admin.action(description=gettext_lazy("Archive the selected associations"))
def archive(modeladmin, request, queryset):
    _each(modeladmin, request, queryset, services.archive, _("%(count)s archived."))


class _Echo:
    def write(self, value):
        return value


def csv_response(queryset, filename="foreningsregister.csv"):
    from associations.csv_io import export_rows

    writer = csv.DictWriter(_Echo(), fieldnames=EXPORT_COLUMNS)

    def lines():
        yield "\ufeff" + writer.writeheader()
        for row in export_rows(queryset):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.action(description=gettext_lazy("Export the selected to CSV"))
def export_csv(modeladmin, request, queryset):
    return csv_response(queryset)


# Moderation fields change only through the actions (audited, notifying).
MODERATED = [
    "status",
    "submitted_at",
    "approved_at",
    "rejection_reason",
    "grant_eligible",
    "grant_eligible_since",
    "last_confirmed_at",
    "created_at",
]


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ["name", "org_number", "legal_form", "status", "district", "grant_eligible"]
    list_filter = ["status", "legal_form", "district", "categories", "grant_eligible", "is_public"]
    list_select_related = ["district"]
    search_fields = ["name", "org_number", "contact_email"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = MODERATED
    exclude = ["search_vector"]
    filter_horizontal = ["categories"]
    inlines = [MembershipInline, MemberCountInline]
    actions = [approve, reject, mark_grant_eligible, archive, export_csv]
    change_list_template = "admin/associations/association/change_list.html"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.update_search_vector(obj)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="associations_association_import",
            ),
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="associations_association_export",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            dry_run = form.cleaned_data["dry_run"]
            result = import_csv(form.cleaned_data["file"], by=request.user, dry_run=dry_run)
            if result.ok and not dry_run:
                self.message_user(
                    request,
                    _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
                    % vars(result),
                    messages.SUCCESS,
                )
                return TemplateResponse(
                    request,
                    "admin/associations/import.html",
                    {**self._import_context(request), "form": ImportForm(), "result": result},
                )
        return TemplateResponse(
            request,
            "admin/associations/import.html",
            {**self._import_context(request), "form": form, "result": result},
        )

    def _import_context(self, request):
        return {
            **self.admin_site.each_context(request),
            "title": _("Import associations from CSV"),
            "opts": self.model._meta,
        }

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return csv_response(Association.objects.order_by("name", "pk"))


@admin.register(PendingAssociation)
class PendingAssociationAdmin(admin.ModelAdmin):
    """The moderation queue: submitted associations, oldest first, with how long each waited."""

    list_display = ["name", "org_number", "legal_form", "district", "submitted_at", "waiting"]
    list_filter = ["legal_form", "district"]
    list_select_related = ["district"]
    search_fields = ["name", "org_number"]
    actions = [approve, reject, archive]
    readonly_fields = [f.name for f in Association._meta.fields if f.name != "search_vector"]
    exclude = ["search_vector"]

    def get_queryset(self, request):
        return super().get_queryset(request).moderation_queue()

    def has_add_permission(self, request):
        return False

    @admin.display(description=gettext_lazy("waiting"), ordering="submitted_at")
    def waiting(self, obj):
        if not obj.submitted_at:
            return "–"
        days = (timezone.now() - obj.submitted_at).days
        css = "error" if days > 14 else "warn" if days > 7 else "ok"
        return format_html(
            '<span class="age-{}">{}</span> · <a href="{}">{}</a>',
            css,
            timesince(obj.submitted_at),
            reverse("associations:detail", args=[obj.slug]),
            _("profile"),
        )


from associations import volunteer_admin  # noqa: E402, F401
