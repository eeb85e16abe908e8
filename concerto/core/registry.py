"""What each app declares to the rest of Concerto, so that core and privacy never need to know every app.

Every app fills this registry from its `AppConfig.ready()` (by importing its `declarations.py`): the French label
of each event verb it records, how to describe its models in the audit log, its retention rules and the function
that anonymises its rows for a situation, its section of a subject-access export, its daily jobs and the panels it
adds to the home page. Core reads the registry; it imports no domain app (see `core/tests/test_layers.py`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

KEEP, ANONYMISE, DESTROY = "keep", "anonymise", "destroy"


@dataclass(frozen=True)
class Anonymiser:
    """Anonymises one app's rows about a situation; called by privacy in ascending `order`."""

    app: str
    order: int
    anonymise: Callable


@dataclass(frozen=True)
class Section:
    """Part of a situation's subject-access export: `collect(situation)` returns keys added in `order`."""

    app: str
    order: int
    collect: Callable


@dataclass(frozen=True)
class SubjectSearch:
    """Finds a person the subject-access search would miss among the situations' identities (an app's own
    identities, e.g. a direct housing applicant): `find(council, last_name=, birth_date=)` → `SubjectMatch`es, found
    through a blind index, never by decrypting every identity."""

    app: str
    order: int
    find: Callable


@dataclass(frozen=True)
class SubjectMatch:
    """One person found by a `SubjectSearch`: `identity` ({last_name, first_name, birth_date (ISO), address, phone}),
    `data` (keys added to the export) and `targets` (the objects whose read the production logs)."""

    identity: dict
    data: dict
    targets: tuple = ()


@dataclass(frozen=True)
class RetentionJob:
    """An app's own retention run, counted in the purge preview and run by the purge: `count(council, today)` → the
    number of rows due, `run(council, today)` → the number processed; `key` names the count, `label` says it in
    French on the data-protection page."""

    key: str
    label: str
    count: Callable
    run: Callable


@dataclass(frozen=True)
class Panel:
    """A block of the home page: `template` rendered with `data = context(request)`, shown to `roles` (every
    member when empty), in `zone` ("notices", "coordination" or "member"), sorted by `order`."""

    name: str
    template: str
    context: Callable
    zone: str
    order: int
    roles: frozenset = frozenset()

    def shown_to(self, role) -> bool:
        return not self.roles or role in self.roles


@dataclass(frozen=True)
class Indicator:
    """A figure of the Bilan page (issue 14), declared by the app that owns its rows.

    `compute(council, start, end, cell=None)` returns a single number or a list of rows `(label, value)` for the
    period from `start` to `end` (both included), over one cell or the whole council; it runs aggregate queries (a
    constant number whatever the caseload). `partition`: the rows split one whole between them (secondary
    suppression applies). `summable`: the cross-council observatory may add the councils' values up (a count or an
    amount; not a median, a delay or a rate). `suppressible`: the values are counts of people or cases, shown as
    "< k" to readers outside the cell (small-count suppression); a delay in days is not. `definition` is
    shown to every reader."""

    code: str
    label: str
    definition: str
    app: str
    order: int
    compute: Callable
    suppressible: bool = True
    unit: str = ""
    partition: bool = True  # rows split one whole (secondary suppression applies); False: independent figures
    summable: bool = True  # values of several councils add up (counts, amounts); False: medians, delays, rates


@dataclass
class Registry:
    events: dict[str, str] = field(default_factory=dict)
    describers: dict[str, tuple[Callable, tuple[str, ...]]] = field(default_factory=dict)
    retention_rules: dict[str, dict[str, str]] = field(default_factory=dict)
    out_of_scope: dict[str, str] = field(default_factory=dict)
    anonymisers: list[Anonymiser] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    subject_searches: list[SubjectSearch] = field(default_factory=list)
    retention_jobs: list[RetentionJob] = field(default_factory=list)
    daily_jobs: dict[str, str] = field(default_factory=dict)
    panels: list[Panel] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)

    # -- events -------------------------------------------------------------------------------------------------
    def register_events(self, labels: dict[str, str]) -> None:
        for verb, label in labels.items():
            if self.events.get(verb, label) != label:
                raise ValueError(f"Event {verb!r} is already declared with another label.")
            self.events[verb] = label

    def event_label(self, verb: str) -> str:
        return self.events.get(verb, verb)

    def register_describer(self, model_label: str, describe: Callable, *, related: tuple[str, ...] = ()) -> None:
        """`describe(instance)` gives the human label the audit log shows for a target of this model (never the
        name of a person the council supports); `related` is passed to `select_related`."""
        self.describers[model_label] = (describe, related)

    def describe_targets(self, targets: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Human labels of (model label, pk) pairs, one query per described model whatever the number of rows.
        A target without a describer, or deleted since, shows the model's name."""
        from django.apps import apps

        wanted: dict[str, set[str]] = {}
        for model_label, pk in targets:
            if model_label:
                wanted.setdefault(model_label, set()).add(pk)
        labels = {}
        for model_label, pks in wanted.items():
            try:
                model = apps.get_model(model_label)
            except LookupError:
                labels.update(dict.fromkeys(((model_label, pk) for pk in pks), model_label))
                continue
            found = {}
            if model_label in self.describers:
                describe, related = self.describers[model_label]
                rows = model._default_manager.filter(pk__in=[pk for pk in pks if pk.isdigit()])
                found = {str(row.pk): describe(row) for row in rows.select_related(*related)}
            name = str(model._meta.verbose_name).capitalize()
            labels.update({(model_label, pk): found.get(pk, name) for pk in pks})
        return labels

    # -- retention ----------------------------------------------------------------------------------------------
    def register_retention(self, rules: dict[str, dict[str, str]], *, kept: dict[str, list[str]] | None = None):
        """`rules` maps a model label to {field: rule}; `kept` lists fields kept for statistics one by one
        (so that a new field needs a decision). "*" may only destroy whole rows."""
        for model_label, fields in rules.items():
            if fields.get("*", DESTROY) != DESTROY:
                raise ValueError(f"{model_label}: a wildcard may only destroy whole rows.")
            self.retention_rules.setdefault(model_label, {}).update(fields)
        for model_label, names in (kept or {}).items():
            self.retention_rules.setdefault(model_label, {}).update(dict.fromkeys(names, KEEP))

    def register_out_of_scope(self, reasons: dict[str, str]) -> None:
        """Models that hold nothing about a person the council supports ({model label: why}): no retention rule."""
        self.out_of_scope.update(reasons)

    def register_anonymiser(self, app: str, anonymise: Callable, *, order: int) -> None:
        self.anonymisers.append(Anonymiser(app, order, anonymise))
        self.anonymisers.sort(key=lambda a: (a.order, a.app))

    def blanked(self, model) -> dict:
        """{field name: neutral value (None or empty)} for every field the rules mark ANONYMISE, for `update()`."""
        values = {}
        for name, rule in self.retention_rules[model._meta.label_lower].items():
            if rule == ANONYMISE:
                values[name] = None if model._meta.get_field(name).null else ""
        return values

    def blank(self, instance) -> None:
        """Sets every field the rules mark ANONYMISE to its neutral value on one instance (saved by the caller)."""
        for name, value in self.blanked(type(instance)).items():
            setattr(instance, instance._meta.get_field(name).attname, value)

    # -- subject access -----------------------------------------------------------------------------------------
    def register_section(self, app: str, collect: Callable, *, order: int) -> None:
        self.sections.append(Section(app, order, collect))
        self.sections.sort(key=lambda s: (s.order, s.app))

    def register_subject_search(self, app: str, find: Callable, *, order: int) -> None:
        self.subject_searches.append(SubjectSearch(app, order, find))
        self.subject_searches.sort(key=lambda s: (s.order, s.app))

    def register_retention_job(self, job: RetentionJob) -> None:
        self.retention_jobs = [j for j in self.retention_jobs if j.key != job.key] + [job]

    # -- daily jobs and home page -------------------------------------------------------------------------------
    def register_daily_job(self, name: str, task_path: str) -> None:
        if self.daily_jobs.get(name, task_path) != task_path:
            raise ValueError(f"Daily job {name!r} is already declared.")
        self.daily_jobs[name] = task_path

    def register_panel(self, panel: Panel) -> None:
        self.panels = sorted([p for p in self.panels if p.name != panel.name] + [panel], key=lambda p: p.order)

    def panels_for(self, role, zone: str) -> list[Panel]:
        return [p for p in self.panels if p.zone == zone and p.shown_to(role)]

    # -- indicators (reports) -----------------------------------------------------------------------------------
    def register_indicator(self, indicator: Indicator) -> None:
        self.indicators = sorted(
            [i for i in self.indicators if i.code != indicator.code] + [indicator], key=lambda i: (i.order, i.code)
        )


registry = Registry()
