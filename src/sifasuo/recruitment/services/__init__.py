"""Writes of the recruitment workflow, one module a stage: `plans` (plans up the tree, announcements within the
approved plan, closing registration, posts carried over to the next track), `applications` (applications,
screening, the assessment of internal applicants, review), `hiring` (scores, ranking, checks with backfill,
public notice, objections, hire) and `named_lists`. The rules come from the policy engine (sifasuo.policy);
these modules store results and guard the order of steps: every step locks the rows it changes and checks the
state it expects. The views, forms, importers and tests call `services.<name>`: the public names of the
stages are re-exported here (D90)."""

from .applications import (
    APPLICATION_FIELDS,
    assessment_rule,
    attach_document,
    check_person,
    declaration_items,
    named_lists_for,
    record_assessment,
    review_application,
    reviewer_items,
    screen_announcement,
    serving_auxiliary,
    submit_application,
)
from .hiring import (
    hire,
    parse_score,
    rank_final,
    record_check,
    record_objection,
    record_scores,
    resolve_objection,
    shortlist_for_interview,
    start_notice,
)
from .named_lists import import_named_list, list_codes
from .plans import (
    approve_plan,
    carried_over_posts,
    close_registration,
    create_announcement,
    draft_plan,
    file_plan,
    plan_commitments,
    plan_posts,
    plan_refusals,
    return_plan,
    set_planned,
    submit_plan,
)

__all__ = [
    "APPLICATION_FIELDS", "approve_plan", "assessment_rule", "attach_document", "carried_over_posts", "check_person",
    "close_registration", "create_announcement", "declaration_items", "draft_plan", "file_plan", "hire",
    "import_named_list", "list_codes", "named_lists_for", "parse_score", "plan_commitments", "plan_posts",
    "plan_refusals", "rank_final", "record_assessment", "record_check", "record_objection", "record_scores",
    "resolve_objection", "return_plan", "review_application", "reviewer_items", "screen_announcement",
    "serving_auxiliary", "set_planned", "shortlist_for_interview", "start_notice", "submit_application",
    "submit_plan",
]
