"""What community correction tells the modules that take over from it. It imports none of them: a module that
receives a released subject connects to `handed_over` (resettlement does, in its AppConfig.ready), so the
hand-over runs one way (D83)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside hand_over_to_resettlement's transaction with actor=, subject= (a released CorrectionSubject) and
# on= (the hand-over date). The receiver opens its record and returns it; a ValidationError it raises refuses
# the hand-over (and rolls it back).
handed_over = Signal()
