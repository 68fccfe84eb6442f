"""First-match routing of complaints to their responsible unit (归口), without the ORM.

The model layer turns routing rules and complaints into these small frozen records once per batch;
matching is then plain Python, so a batch of thousands of complaints costs no extra query.
"""

import re
from dataclasses import dataclass, field

_KEYWORD_SPLIT = re.compile(r"[,;\n，；、|]+")


def parse_keywords(text):
    """'Leak, 漏水；water' -> ('leak', '漏水', 'water'): lower-cased, stripped, unique, in order."""
    seen = []
    for part in _KEYWORD_SPLIT.split(text or ""):
        word = part.strip().lower()
        if word and word not in seen:
            seen.append(word)
    return tuple(seen)


@dataclass(frozen=True)
class Rule:
    """A routing rule's conditions; an empty condition matches anything."""

    id: int
    sequence: int = 10
    category_ids: frozenset = frozenset()
    region_ids: frozenset = frozenset()
    channel_ids: frozenset = frozenset()
    customer_tiers: frozenset = frozenset()
    keywords: tuple = ()
    service_keywords: tuple = ()
    is_default: bool = False


@dataclass(frozen=True)
class Facts:
    """What routing looks at in one complaint. Paths hold the record and all its ancestors, so a
    rule on a parent category or region also matches its children."""

    category_path: frozenset = frozenset()
    region_path: frozenset = frozenset()
    channel_id: int | None = None
    customer_tier: str | None = None
    text: str = ""
    service: str = ""
    _lowered: dict = field(default_factory=dict, compare=False, repr=False)

    def lowered(self, name):
        if name not in self._lowered:
            self._lowered[name] = (getattr(self, name) or "").lower()
        return self._lowered[name]


def rule_matches(rule, facts):
    if rule.category_ids and not rule.category_ids & facts.category_path:
        return False
    if rule.region_ids and not rule.region_ids & facts.region_path:
        return False
    if rule.channel_ids and facts.channel_id not in rule.channel_ids:
        return False
    if rule.customer_tiers and facts.customer_tier not in rule.customer_tiers:
        return False
    if rule.keywords:
        text = facts.lowered("text")
        if not any(word in text for word in rule.keywords):
            return False
    if rule.service_keywords:
        service = facts.lowered("service")
        if not any(word in service for word in rule.service_keywords):
            return False
    return True


def sort_rules(rules):
    """Evaluation order: sequence, then id; default rules come last whatever their sequence."""
    return sorted(rules, key=lambda rule: (rule.is_default, rule.sequence, rule.id))


def match(sorted_rules, facts):
    """The first matching non-default rule, else the first default rule, else None.
    Returns (rule, used_default)."""
    default = None
    for rule in sorted_rules:
        if rule.is_default:
            if default is None:
                default = rule
            continue
        if rule_matches(rule, facts):
            return rule, False
    return default, default is not None
