"""Fixed vocabularies the synthetic sources draw from (business values seen in production)."""

from __future__ import annotations

CATEGORIES: tuple[str, ...] = (
    "Network Failure",
    "Technician Support",
    "Billing Issues",
    "Payments",
    "Poor Customer Service",
    "Dropped Calls",
)
# Production skew: network failures dominate, and mostly end up in Backlog.
CATEGORY_WEIGHTS: tuple[float, ...] = (0.30, 0.18, 0.17, 0.12, 0.13, 0.10)

# The messy ways each canonical status is typed in the sources.
STATUS_VARIANTS: dict[str, tuple[str, ...]] = {
    "Backlog": ("Backlog", "backlog", "BACKLOG", " Backlog "),
    "In-Progress": ("In-Progress", "In Progress", "in-progress", "IN PROGRESS"),
    "Resolved": ("Resolved", "resolved", " RESOLVED", "Resolved "),
}

MEDIA_CHANNELS: tuple[str, ...] = ("Facebook", "Twitter", "Instagram")

FIRST_NAMES: tuple[str, ...] = (
    "Ada", "Bola", "Chen", "Dami", "Elena", "Farid", "Grace", "Hiro", "Ife", "Jon",
    "Kemi", "Luis", "Maya", "Nnamdi", "Olu", "Priya", "Quinn", "Rosa", "Sade", "Tomas",
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Adeyemi", "Brown", "Chukwu", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ibrahim", "Jones",
    "Kim", "Lopez", "Miller", "Nwosu", "Okafor", "Patel", "Reyes", "Smith", "Taylor", "Wang",
)  # fmt: skip
STREETS: tuple[str, ...] = ("Main St", "Oak Ave", "Pine Rd", "Lake Dr", "Hill St", "Park Ln", "River Rd")
STATES: tuple[str, ...] = (
    "CA", "TX", "NY", "FL", "IL", "PA", "OH", "GA", "NC", "MI",
    "NJ", "VA", "WA", "AZ", "MA", "TN", "IN", "MO", "MD", "WI",
)  # fmt: skip
GENDERS: tuple[str, ...] = ("M", "F", "Male", "Female", "male", "f")

# strftime patterns the sources mix for timestamps and dates.
TIMESTAMP_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%b %d, %Y %I:%M %p",
    "%Y-%m-%dT%H:%M:%SZ",
)
DATE_FORMATS: tuple[str, ...] = ("%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d", "%b %d, %Y")

# Messy headers as each source really sends them (matched back by letters and digits).
CUSTOMER_HEADERS = ("customeR iD", "NamE", "Gender", "DATE of biRTH", "signup_date", "E-mail", "address")
AGENT_HEADERS = ("iD", "NamE", "experience", "state")
CALL_LOG_HEADERS = (
    "call ID",
    "customeR iD",
    "COMPLAINT_catego ry",
    "agent ID",
    "call_start_time",
    "call_end_time",
    "resolutionstatus",
    "callLogsGenerationDate",
)
SOCIAL_HEADERS = (
    "complaint_id",
    "customeR iD",
    "COMPLAINT_catego ry",
    "agent ID",
    "resolutionstatus",
    "request_date",
    "resolution_date",
    "media_channel",
    "MediaComplaintGenerationDate",
)
WEB_FORM_HEADERS = (
    "request_id",
    "customer_id",
    "complaint_catego ry",
    "agent_id",
    "resolutionstatus",
    "request_date",
    "resolution_date",
    "webFormGenerationDate",
)
