from django import forms

from .models import ImportJob
from .validators import validate_import_file


class ImportForm(forms.ModelForm):
    class Meta:
        model = ImportJob
        fields = ["file", "dry_run"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_import_file(upload)
        return upload
