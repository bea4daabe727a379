"""The public answer form: one field per question of the survey's template."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import QuestionKind, Satisfaction

YES_NO_CHOICES = [("yes", _("是")), ("no", _("否"))]
# Chinese whatever language the phone asks for: the women answering read Chinese.
ERRORS = {
    "required": _("请回答这道题。"),
    "invalid_choice": _("请从给出的选项中选择。"),
    "max_length": _("请不要超过 1000 字。"),
}


class SurveyAnswerForm(forms.Form):
    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[self.field_name(question)] = self._field(question)

    @staticmethod
    def field_name(question):
        return f"q{question.pk}"

    def _field(self, question):
        common = {"label": question.text, "required": question.required, "error_messages": ERRORS}
        if question.kind == QuestionKind.SATISFACTION:
            return forms.ChoiceField(choices=Satisfaction.choices, widget=forms.RadioSelect, **common)
        if question.kind in (QuestionKind.CAN_NAME_CADRE, QuestionKind.YES_NO):
            return forms.ChoiceField(choices=YES_NO_CHOICES, widget=forms.RadioSelect, **common)
        return forms.CharField(
            max_length=1000, widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}), strip=True, **common
        )

    def answers(self):
        """[(question, {"satisfaction"|"yes"|"text": value})] for the questions answered."""
        result = []
        for question in self.questions:
            value = self.cleaned_data.get(self.field_name(question))
            if value in (None, ""):
                continue
            if question.kind == QuestionKind.SATISFACTION:
                result.append((question, {"satisfaction": value}))
            elif question.kind in (QuestionKind.CAN_NAME_CADRE, QuestionKind.YES_NO):
                result.append((question, {"yes": value == "yes"}))
            else:
                result.append((question, {"text": value}))
        return result
