"""Each app declares its own data elements in `<app>/data_elements.py`, collected like the alert rules (D82):
reporting keeps the engine and its own elements and reaches no other app's models."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from sifasuo.core.registry import app_modules
from sifasuo.reporting.elements import Checklist, Flow, Stock, by_code, codes_of, elements, sources

SRC = Path(__file__).resolve().parents[2] / "src" / "sifasuo"
APPS = ("casework", "correction", "resettlement", "staff", "standards", "recruitment", "indicators", "officeadmin",
        "national", "alerts", "accounts")


def test_each_register_element_is_declared_by_the_app_of_its_register():
    declared = {}
    for module in app_modules("data_elements"):
        app = module.__name__.split(".")[1]
        for e in module.ELEMENTS:
            declared[e.code] = app
            if isinstance(e.compile, (Flow, Stock, Checklist)):
                assert e.compile.model_path.split(".")[0] == app, (e.code, module.__name__)
    assert set(declared) == {e.code for e in elements()}
    assert {app for app in declared.values()} == {"casework", "correction", "resettlement", "staff", "standards",
                                                 "reporting"}
    # reporting's own: derived from the unit tree and from other elements, or typed into the report
    assert {e.kind for e in elements() if declared[e.code] == "reporting"} == {"derived", "report"}


def test_the_engine_names_no_model_of_another_app():
    engine = (SRC / "reporting" / "elements.py").read_text(encoding="utf-8")
    labels = [node.value for node in ast.walk(ast.parse(engine))
              if isinstance(node, ast.Constant) and isinstance(node.value, str)
              and re.fullmatch(r"\w+\.[A-Z]\w+", node.value)]
    assert {label.split(".")[0] for label in labels} == {"orgunits", "reporting"}, labels
    assert not re.search(r"sifasuo\.(%s)\b" % "|".join(APPS), engine)


def test_a_change_to_a_register_makes_the_same_elements_stale_as_before():
    """The sources (D55) are built from the apps' declarations, the extra registers an element names in
    depends_on included (a workstation's checklist counts the staff; a hub's cluster figure the typical
    cases)."""
    assert {label: sorted(s.codes) for label, s in sources().items()} == {
        "casework.InfoItem": ["info_items", "news_items"],
        "casework.LegalAidApplication": ["legal_aid"],
        "casework.MediationCase": ["mediation_accepted", "mediation_closed", "mediation_succeeded"],
        "casework.Petition": ["petitions"],
        "casework.PublicityEvent": ["publicity_audience", "publicity_events"],
        "casework.TypicalCase": ["typical_cases", "typical_cases_hub"],
        "correction.CorrectionSubject": ["correction_missed", "correction_out_of_contact", "correction_supervised"],
        "hub-cluster": ["typical_cases_hub"],
        "orgunits.OrgUnit": ["hub_cluster_staff", "hub_offices", "offices", "typical_cases_hub", "workstations",
                             "workstations_compliant"],
        "reporting.Report": ["difficult_succeeded", "risk_prevented"],
        "resettlement.ReleasedPerson": ["key_handed_over", "key_released", "released_confirmed", "released_recent",
                                        "released_to_verify", "released_verified", "reoffended_recent"],
        "staff.StaffMember": ["directors_serving", "hub_cluster_staff", "staff_serving", "workstations_compliant"],
        "staff.TrainingRecord": ["director_training_days", "training_days"],
        "standards.OfficeProfile": ["offices_deputy_director"],
        "standards.WorkstationProfile": ["workstations_built", "workstations_compliant"],
    }
    # the fields a change must touch to matter: the checklist's own and its unit, the flows' dates and filters
    assert {"status", "built_on", "unit"} <= sources()["standards.WorkstationProfile"].fields
    assert sources()["casework.MediationCase"].fields == {"registered_on", "closed_on", "outcome", "unit"}
    assert set(codes_of(["staff.StaffMember"])) == {"directors_serving", "hub_cluster_staff", "staff_serving",
                                                    "workstations_compliant"}
    assert codes_of(["*"]) == [e.code for e in elements()]
    assert by_code()["workstations_compliant"].depends_on == ("staff.StaffMember",)
