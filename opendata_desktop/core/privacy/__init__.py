from opendata_desktop.core.privacy.detection import PersonalFinding, detect_personal_data

__all__ = ["PersonalFinding", "detect_personal_data"]
