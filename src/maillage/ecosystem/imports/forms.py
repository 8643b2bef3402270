from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.ecosystem.imports.reading import ImportFileError, check_size


class MemberImportForm(forms.Form):
    #: Empty files are let through: the reader refuses them with its own message.
    file = forms.FileField(
        label=_("Member list (CSV or XLSX)"),
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except ImportFileError as error:
            raise forms.ValidationError(str(error), code="too_big") from None
        return upload
