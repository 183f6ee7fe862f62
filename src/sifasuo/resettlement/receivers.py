"""Resettlement takes over from community correction: a released subject handed over (correction.signals
.handed_over) becomes a released person under assistance (D83). Connected in ResettlementConfig.ready."""

from __future__ import annotations

from django.dispatch import receiver

from sifasuo.correction.signals import handed_over

from . import services


@receiver(handed_over, dispatch_uid="resettlement.receive_from_correction")
def receive_from_correction(sender, *, actor, subject, on, **kwargs):
    return services.receive_from_correction(actor=actor, subject=subject, on=on)
