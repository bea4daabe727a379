from .indicators import IndicatorSetting, IndicatorSnapshot, MonthlyStat
from .surveys import FlagReason, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse, SurveyTemplate

__all__ = [
    "FlagReason",
    "IndicatorSetting",
    "IndicatorSnapshot",
    "MonthlyStat",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveyTemplate",
]
