from django.db import transaction

from concerto.core.events import record_event
from concerto.councils.models import Commune, Council, PsychiatricSector


@transaction.atomic
def council_update(*, council: Council, actor, changed: list[str]) -> None:
    council.save()
    record_event(council=council, actor=actor, verb="council_updated", target=council, fields=changed)


@transaction.atomic
def council_add_commune(*, council: Council, actor, commune: Commune) -> None:
    council.communes.add(commune)
    record_event(council=council, actor=actor, verb="commune_added", target=council, insee=commune.insee_code)


@transaction.atomic
def council_remove_commune(*, council: Council, actor, commune: Commune) -> None:
    council.communes.remove(commune)
    record_event(council=council, actor=actor, verb="commune_removed", target=council, insee=commune.insee_code)


@transaction.atomic
def sector_create(*, sector: PsychiatricSector, actor) -> None:
    sector.save()
    record_event(council=sector.council, actor=actor, verb="sector_added", target=sector, code=sector.code)


@transaction.atomic
def sector_delete(*, sector: PsychiatricSector, actor) -> None:
    record_event(council=sector.council, actor=actor, verb="sector_removed", target=sector, code=sector.code)
    sector.delete()
