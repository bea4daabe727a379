from .indicators import IndicatorSetting, IndicatorSnapshot, MonthlyStat
from .surveys import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse, SurveyTemplate

__all__ = [
    "IndicatorSetting",
    "IndicatorSnapshot",
    "MonthlyStat",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveyTemplate",
]
