"""What the staff roster offers the accounts (D73, D90): the serving people an administrator may link to an
account. Collected by accounts through core.registry (`app_modules("roster")`), so that accounts, below staff,
never imports staff; the account service still checks the pick (accounts.services.check_staff_member)."""

from __future__ import annotations

from sifasuo.core.scoping import EDIT, restrict

from .models import StaffMember


def linkable_people(user, *, under=None):
    """Serving staff within `user`'s editing scope, under the unit `under` when given, by unit then name."""
    people = restrict(StaffMember.objects.filter(left_on__isnull=True).select_related("unit"), user, EDIT)
    if under is not None:
        people = people.filter(unit__path__startswith=under.path)
    return people.order_by("unit__path", "full_name", "id")
