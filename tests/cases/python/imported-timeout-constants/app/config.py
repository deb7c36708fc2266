from datetime import timedelta

EXPORT_TIMEOUT = timedelta(minutes=2)
REPORT_TIMEOUT = 60 * 1000
SHORT_TIMEOUT = 5000
