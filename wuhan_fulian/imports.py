"""Base for Excel/CSV imports: all-or-nothing, every row validated by the model's own rules, every row
checked against the importing user's edit scope, and a row-by-row error report."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import resources

from wuhan_fulian.scope import is_editable


class ScopedModelResource(resources.ModelResource):
    """Subclasses declare ``Meta.model`` and fields as usual. Pass ``user=`` to enforce scope."""

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    class Meta:
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = False
        report_skipped = True

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        if self.user is not None and not is_editable(self.user, instance):
            raise ValidationError(_("该行数据不在您的管辖范围内。"))

    def import_scoped(self, dataset, dry_run):
        """Import ``dataset``; on any row error nothing is kept. Returns the import-export Result."""
        return self.import_data(
            dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True, raise_errors=False
        )


def row_errors(result):
    """[(row number, [messages])] from an import-export Result, numbered as the spreadsheet shows them."""
    report = []
    for invalid in result.invalid_rows:
        messages = [f"{field}: {'；'.join(errs)}" for field, errs in invalid.error_dict.items()]
        report.append((invalid.number + 1, messages))
    for number, errors in result.row_errors():
        report.append((number + 1, [str(error.error) for error in errors]))
    return sorted(report)
