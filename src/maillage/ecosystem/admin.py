"""Django admin for platform admins: the whole directory, searchable and filterable."""

from django.contrib import admin

from maillage.audit.admin import AuditedAdminMixin
from maillage.core.i18n import label_fields
from maillage.ecosystem.models import (
    Contact,
    Domain,
    ImportBatch,
    ImportJob,
    Initiative,
    Membership,
    NaceCode,
    Organisation,
    Project,
    ProjectPartner,
)


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin[Domain]):
    list_display = ("code", *label_fields(), "parent")
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("code", *label_fields())
    list_select_related = ("parent",)


@admin.register(NaceCode)
class NaceCodeAdmin(admin.ModelAdmin[NaceCode]):
    list_display = ("code", *label_fields())
    search_fields = ("code", *label_fields())


class MembershipInline(admin.TabularInline[Membership, Organisation]):
    model = Membership
    fk_name = "organisation"
    extra = 0
    autocomplete_fields = ("network",)


class ContactInline(admin.StackedInline[Contact, Organisation]):
    model = Contact
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdminMixin, admin.ModelAdmin[Organisation]):
    list_display = (
        "name",
        "short_name",
        "kind",
        "enterprise_number",
        "city",
        "province",
        "country",
        "size_band",
        "synthetic",
    )
    list_filter = ("kind", "province", "country", "size_band", "synthetic")
    search_fields = ("name", "short_name", "enterprise_number", "vat_number", "city", "search_text")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("domains", "nace_codes")
    readonly_fields = ("created_at", "updated_at")
    inlines = (MembershipInline, ContactInline)
    list_per_page = 50


@admin.register(Membership)
class MembershipAdmin(AuditedAdminMixin, admin.ModelAdmin[Membership]):
    list_display = ("organisation", "network", "role", "start_date", "end_date")
    list_filter = ("role", ("network", admin.RelatedOnlyFieldListFilter))
    search_fields = ("organisation__name", "network__name", "network__short_name")
    autocomplete_fields = ("organisation", "network")
    list_select_related = ("organisation", "network")


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin[Contact]):
    list_display = (
        "last_name",
        "first_name",
        "organisation",
        "job_title",
        "email",
        "public_consent",
    )
    list_filter = ("public_consent",)
    search_fields = ("last_name", "first_name", "email", "organisation__name")
    autocomplete_fields = ("organisation", "user")
    list_select_related = ("organisation",)


class ProjectPartnerInline(admin.TabularInline[ProjectPartner, Project]):
    model = ProjectPartner
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin[Project]):
    list_display = ("name", "acronym", "kind", "programme", "start_date", "end_date")
    list_filter = ("kind", "programme")
    search_fields = ("name", "acronym", "programme", "description")
    inlines = (ProjectPartnerInline,)


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin[Initiative]):
    list_display = ("name", "organisation", "website")
    search_fields = ("name", "description", "organisation__name")
    autocomplete_fields = ("organisation",)
    list_select_related = ("organisation",)


@admin.register(ProjectPartner)
class ProjectPartnerAdmin(admin.ModelAdmin[ProjectPartner]):
    list_display = ("project", "organisation", "name", "country", "role")
    list_filter = ("role", "country")
    search_fields = ("project__name", "project__acronym", "organisation__name", "name", "people")
    autocomplete_fields = ("project", "organisation")
    list_select_related = ("project", "organisation")


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin[ImportBatch]):
    list_display = ("network", "file_name", "created_at")
    list_filter = ("network",)
    readonly_fields = [field.name for field in ImportBatch._meta.fields]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin[ImportJob]):
    list_display = ("network", "kind", "file_name", "status", "created_at")
    list_filter = ("kind", "status", "network")
    readonly_fields = [field.name for field in ImportJob._meta.fields]
