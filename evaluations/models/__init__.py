from .surveys import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse, SurveyTemplate

__all__ = ["Survey", "SurveyAnswer", "SurveyQuestion", "SurveyResponse", "SurveyTemplate"]
