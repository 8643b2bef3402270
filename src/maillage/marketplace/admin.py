from django.contrib import admin

from maillage.marketplace.models import Listing


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin[Listing]):
    list_display = (
        "title",
        "organisation",
        "direction",
        "category",
        "language",
        "expires_at",
        "synthetic",
    )
    list_filter = ("direction", "category", "language", "synthetic")
    search_fields = ("title", "description", "organisation__name")
    autocomplete_fields = ("organisation", "domains")
    list_select_related = ("organisation",)
    date_hierarchy = "expires_at"
