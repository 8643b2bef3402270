"""Users (e-mail login) and their affiliations, for platform admins."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from maillage.accounts.forms import ThrottledAdminAuthenticationForm
from maillage.accounts.models import Affiliation, AffiliationClaim, User
from maillage.audit.admin import AuditedAdminMixin


class AffiliationInline(admin.TabularInline[Affiliation, User]):
    model = Affiliation
    extra = 0
    autocomplete_fields = ("organisation",)


class UserChangeFormByEmail(UserChangeForm[User]):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class UserCreationFormByEmail(AdminUserCreationForm[User]):
    class Meta:
        model = User
        fields = ("email",)


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin[User]):
    form = UserChangeFormByEmail
    add_form = UserCreationFormByEmail
    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "is_superuser", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active")
    search_fields = ("email", "full_name")
    readonly_fields = ("date_joined", "last_login")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal details"), {"fields": ("full_name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = (AffiliationInline,)


@admin.register(Affiliation)
class AffiliationAdmin(AuditedAdminMixin, admin.ModelAdmin[Affiliation]):
    list_display = ("user", "organisation", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "user__full_name", "organisation__name")
    autocomplete_fields = ("user", "organisation")
    list_select_related = ("user", "organisation")


@admin.register(AffiliationClaim)
class AffiliationClaimAdmin(admin.ModelAdmin[AffiliationClaim]):
    """Read only: claims are answered on /claims/ (``ecosystem.claims``), which audits and
    e-mails the answer and creates the affiliation."""

    list_display = ("user", "organisation", "role", "status", "created_at", "decided_by")
    list_filter = ("status", "role")
    search_fields = ("user__email", "organisation__name")
    list_select_related = ("user", "organisation", "decided_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


# The admin's own login page under the same throttle as the public one.
admin.site.login_form = ThrottledAdminAuthenticationForm
