from .indicators import IndicatorSetting, IndicatorSnapshot, MonthlyStat, SubtreeMonthlyStat
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
    "SubtreeMonthlyStat",
]
