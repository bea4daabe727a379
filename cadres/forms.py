from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImportJob


class ImportForm(forms.ModelForm):
    class Meta:
        model = ImportJob
        fields = ["file", "dry_run"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("请上传 Excel（.xlsx）或 CSV 文件。"))
        return upload
