"""Jurisdiction policies for judicial assistants (司法协理员): policy files, validation and the engine.

Plain Python with no Django import, shared by the web app, the command line and the tests. A policy is a
YAML file in ``policies/`` (one per jurisdiction and version, e.g. ``daqing-2024``) checked against
``policies/schema.yaml``; every rule carries its id and the clause of the document it comes from.

    policy = load_named("yangquan-2024")
    verdict = screen(policy, "public", applicant, recruitment=recruitment)   # YQ-4, YQ-5
    ranked = rank(policy, candidates, stage="final")                          # scores and tie-breaks
    quota = compute_quotas(policy, offices, county="平定县")                   # YQ-2
    describe(policy)                                                          # readable Chinese
"""

from .describe import describe
from .errors import PolicyError, PolicyInvalid, SchemaError
from .loader import (
    available,
    default_directory,
    load,
    load_named,
    loads,
    policy_path,
    validate,
    validate_text,
)
from .majors import MajorMatch, classify
from .model import Obligation, Policy
from .notice import notice_period
from .quotas import CountyQuota, OfficeQuota, OfficeStaffing, compute_quotas, counted_label, plan_over_maximum
from .ranking import (
    Candidate,
    RankedCandidate,
    combine_marks,
    composite_score,
    rank,
    shortlist,
    tie_break_order,
)
from .screening import (
    OUTCOME_LABELS,
    Applicant,
    NamedList,
    PendingCheck,
    Post,
    Reason,
    Recruitment,
    Screener,
    Verdict,
    age_on,
    reference_date,
    screen,
    screen_many,
)

__all__ = [
    "OUTCOME_LABELS",
    "Applicant",
    "Candidate",
    "CountyQuota",
    "MajorMatch",
    "NamedList",
    "Obligation",
    "OfficeQuota",
    "OfficeStaffing",
    "PendingCheck",
    "Policy",
    "PolicyError",
    "PolicyInvalid",
    "Post",
    "RankedCandidate",
    "Reason",
    "Recruitment",
    "SchemaError",
    "Screener",
    "Verdict",
    "age_on",
    "available",
    "classify",
    "combine_marks",
    "composite_score",
    "compute_quotas",
    "counted_label",
    "default_directory",
    "describe",
    "load",
    "load_named",
    "loads",
    "notice_period",
    "plan_over_maximum",
    "policy_path",
    "rank",
    "reference_date",
    "screen",
    "screen_many",
    "shortlist",
    "tie_break_order",
    "validate",
    "validate_text",
]
