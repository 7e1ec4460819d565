"""libphonenumber's numbering plans, compiled for htcds (used by generate-standard-resources.py).

The source is the PyPI package `phonenumbers` (Google's libphonenumber metadata,
Apache License 2.0), pinned to PHONENUMBERS_VERSION: the fixture in
Tests/HTCDSMigrationTests/Fixtures/phone-numbers.tsv is made with the same version
(Scripts/make-phone-fixture.py).

libphonenumber describes each region with regular expressions. htcds never runs a
regular-expression engine on a value; the patterns are compiled here:

- patterns matched whole (a region's number patterns) become deterministic
  automata over the ten digits, minimised; the region's "valid number" automaton
  is the product libphonenumber's is_valid_number computes (the general pattern
  and its lengths, and any one number type's pattern and lengths);
- patterns matched at the start of a number (international prefixes, national
  prefixes with their capture groups and `$`) become their list of paths in the
  order Python's backtracking matcher tries them: the first path whose digit
  classes match the number's start wins, as re.match's does. Each path is
  checked against re.match here on the region's example numbers and on random
  digits before it is written.

The output is one line per item, tab-separated (see `plans_tsv`).
"""
import base64
import random
import re
import re._constants as C
import re._parser as P
import struct

PHONENUMBERS_VERSION = "9.0.43"
MAX_NSN = 17          # libphonenumber's _MAX_LENGTH_FOR_NSN
ALL_DIGITS = (1 << 10) - 1
TYPE_DESCS = ["premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan",
              "voicemail", "fixed_line", "mobile"]


def fail(message):
    raise SystemExit(f"numbering_plans: {message}")


# ---------------------------------------------------------------------------
# Digit classes of a parsed pattern

def class_mask(items):
    mask, negate = 0, False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            mask |= digit_bit(av)
        elif op is C.RANGE:
            for code in range(av[0], av[1] + 1):
                mask |= digit_bit(code)
        elif op is C.CATEGORY and av is C.CATEGORY_DIGIT:
            mask |= ALL_DIGITS
        else:
            fail(f"unexpected class item {op} {av}")
    return (ALL_DIGITS & ~mask) if negate else mask


def digit_bit(code):
    return 1 << (code - 48) if 48 <= code <= 57 else 0


# ---------------------------------------------------------------------------
# Whole-match patterns: NFA -> DFA -> product with lengths -> minimal DFA

class NFA:
    def __init__(self):
        self.edges = []      # state -> list of (mask, target)
        self.eps = []        # state -> list of targets

    def state(self):
        self.edges.append([])
        self.eps.append([])
        return len(self.edges) - 1

    def build(self, items, start):
        """Adds items after `start`; returns the end state."""
        current = start
        for op, av in items:
            current = self.item(op, av, current)
        return current

    def item(self, op, av, start):
        if op is C.LITERAL or op is C.IN:
            mask = digit_bit(av) if op is C.LITERAL else class_mask(av)
            end = self.state()
            if mask:
                self.edges[start].append((mask, end))
            return end
        if op is C.SUBPATTERN:
            return self.build(av[3], start)
        if op is C.BRANCH:
            end = self.state()
            for alternative in av[1]:
                self.eps[self.build(alternative, start)].append(end)
            return end
        if op is C.MAX_REPEAT or op is C.MIN_REPEAT:
            low, high, sub = av
            if high is C.MAXREPEAT:
                fail("an unbounded repetition in a whole-match pattern")
            current = start
            for _ in range(low):
                current = self.build(sub, current)
            end = self.state()
            self.eps[current].append(end)
            for _ in range(high - low):
                current = self.build(sub, current)
                self.eps[current].append(end)
            return end
        fail(f"unexpected pattern item {op} {av}")

    def closure(self, states):
        seen, stack = set(states), list(states)
        while stack:
            for target in self.eps[stack.pop()]:
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        return frozenset(seen)


class DFA:
    """Transitions over the digits 0-9; state 0 is the start; -1 is dead."""

    def __init__(self, pattern):
        nfa = NFA()
        start = nfa.state()
        end = nfa.build(P.parse(pattern), start)
        first = nfa.closure([start])
        index = {first: 0}
        self.next, self.accepting, queue = [], [], [first]
        while queue:
            current = queue.pop(0)
            row = []
            for digit in range(10):
                targets = [t for s in current for mask, t in nfa.edges[s] if mask >> digit & 1]
                if not targets:
                    row.append(-1)
                    continue
                target = nfa.closure(targets)
                if target not in index:
                    index[target] = len(index)
                    queue.append(target)
                row.append(index[target])
            self.next.append(row)
            self.accepting.append(end in current)

    def matches(self, digits):
        state = 0
        for ch in digits:
            state = self.next[state][ord(ch) - 48]
            if state < 0:
                return False
        return self.accepting[state]


def product(general, general_lengths, types):
    """The automaton of libphonenumber's validity: the general pattern with its
    lengths, and one number type's pattern with that type's lengths. States carry
    the number's length so far (at most MAX_NSN digits)."""
    start = (0, tuple(0 for _ in types), 0)
    index, rows, accepting, queue = {start: 0}, [], [], [start]
    while queue:
        g, ts, length = queue.pop(0)
        accepts = (g >= 0 and general.accepting[g] and (not general_lengths or length in general_lengths)
                   and any(t >= 0 and dfa.accepting[t] and (not lengths or length in lengths)
                           for t, (dfa, lengths) in zip(ts, types)))
        accepting.append(accepts)
        row = []
        for digit in range(10):
            ng = general.next[g][digit] if g >= 0 else -1
            nts = tuple(dfa.next[t][digit] if t >= 0 else -1 for t, (dfa, _) in zip(ts, types))
            if ng < 0 or all(t < 0 for t in nts) or length + 1 > MAX_NSN:
                row.append(-1)
                continue
            key = (ng, nts, length + 1)
            if key not in index:
                index[key] = len(index)
                queue.append(key)
            row.append(index[key])
        rows.append(row)
    return minimise(rows, accepting)


def minimise(rows, accepting):
    """Moore's partition refinement; the start stays state 0; dead-end states go."""
    # Drop states from which no accepting state is reached.
    alive = [a for a in accepting]
    changed = True
    while changed:
        changed = False
        for state, row in enumerate(rows):
            if not alive[state] and any(t >= 0 and alive[t] for t in row):
                alive[state] = changed = True
    block = [(1 if accepting[s] else 0) if alive[s] else -1 for s in range(len(rows))]
    while True:
        signature = {}
        fresh = []
        for state, row in enumerate(rows):
            if block[state] < 0:
                fresh.append(-1)
                continue
            key = (block[state], tuple(block[t] if t >= 0 else -1 for t in row))
            fresh.append(signature.setdefault(key, len(signature)))
        if len(signature) == len(set(b for b in block if b >= 0)):
            break
        block = fresh
    # Number blocks in the order they are reached from the start.
    order, queue = {block[0]: 0}, [0]
    representative = {block[0]: 0}
    while queue:
        state = queue.pop(0)
        for target in rows[state]:
            if target >= 0 and block[target] >= 0 and block[target] not in order:
                order[block[target]] = len(order)
                representative[block[target]] = target
                queue.append(target)
    out_rows, out_accepting = [None] * len(order), [False] * len(order)
    for b, number in order.items():
        state = representative[b]
        out_rows[number] = [order[block[t]] if t >= 0 and block[t] >= 0 else -1 for t in rows[state]]
        out_accepting[number] = accepting[state]
    minimal = DFA.__new__(DFA)
    minimal.next, minimal.accepting = out_rows, out_accepting
    if block[0] < 0:  # nothing is accepted: one dead start state
        minimal.next, minimal.accepting = [[-1] * 10], [False]
    return minimal


def encode_dfa(dfa):
    """Base64 of little-endian UInt16s: the state count, then each state's ten
    targets (0xFFFF: none) and its accepting flag (1 or 0)."""
    if len(dfa.next) >= 0xFFFF:
        fail("an automaton with too many states")
    values = [len(dfa.next)]
    for row, accepts in zip(dfa.next, dfa.accepting):
        values += [t if t >= 0 else 0xFFFF for t in row] + [1 if accepts else 0]
    return base64.b64encode(struct.pack(f"<{len(values)}H", *values)).decode("ascii")


# ---------------------------------------------------------------------------
# Start-of-number patterns: paths in backtracking order

def paths_of(items):
    """Every way through `items`, in the order re's backtracking tries them.
    A path is a tuple of tokens: ('c', mask), ('(', group), (')', group), ('$',)."""
    result = [()]
    for op, av in items:
        options = item_paths(op, av)
        result = [left + right for left in result for right in options]
        if len(result) > 20000:
            fail("a start-of-number pattern with too many paths")
    return result


def item_paths(op, av):
    if op is C.LITERAL:
        return [(("c", digit_bit(av)),)]
    if op is C.IN:
        return [(("c", class_mask(av)),)]
    if op is C.SUBPATTERN:
        group = av[0]
        inner = paths_of(av[3])
        return [(("(", group),) + p + ((")", group),) for p in inner] if group else inner
    if op is C.BRANCH:
        return [p for alternative in av[1] for p in paths_of(alternative)]
    if op is C.MAX_REPEAT:
        low, high, sub = av
        if high is C.MAXREPEAT:
            fail("an unbounded repetition in a start-of-number pattern")
        once = paths_of(sub)
        options = []
        for count in range(high, low - 1, -1):   # greedy: the most first
            repeated = [()]
            for _ in range(count):
                repeated = [left + right for left in repeated for right in once]
            options += repeated
        return options
    if op is C.AT and av is C.AT_END:
        return [(("$",),)]
    fail(f"unexpected start-of-number pattern item {op} {av}")


def match_paths(paths, digits):
    """What re.match would give: (end, groups) of the first path that matches, or None."""
    for path in paths:
        position, groups, ok = 0, {}, True
        for token in path:
            kind = token[0]
            if kind == "c":
                if position >= len(digits) or not (token[1] >> (ord(digits[position]) - 48)) & 1:
                    ok = False
                    break
                position += 1
            elif kind == "(":
                groups[token[1]] = [position, None]
            elif kind == ")":
                groups[token[1]][1] = position
            elif position != len(digits):
                ok = False
                break
        if ok:
            return position, {g: digits[a:b] for g, (a, b) in groups.items()}
    return None


def substitute(template, groups):
    return re.sub(r"\\(\d)", lambda m: groups.get(int(m.group(1)), ""), template)


def encode_paths(paths):
    """Paths separated by '|'; tokens by ' ': a digit class as 'c' and three hex
    digits (bit n: digit n), '(N' and ')N' for capture group N, '$' for the end."""
    def token(t):
        return {"c": lambda: f"c{t[1]:03x}", "(": lambda: f"({t[1]}", ")": lambda: f"){t[1]}",
                "$": lambda: "$"}[t[0]]()
    return "|".join(" ".join(token(t) for t in path) for path in paths)


def checked_paths(pattern, samples, transform=None):
    """The pattern's paths, after checking them against re.match on samples."""
    paths = paths_of(P.parse(pattern))
    compiled = re.compile(pattern)
    for digits in samples:
        expected = compiled.match(digits)
        ours = match_paths(paths, digits)
        if (expected is None) != (ours is None):
            fail(f"paths of {pattern!r} disagree with re.match on {digits}")
        if expected is None:
            continue
        groups = {i: g for i, g in enumerate(expected.groups(), start=1) if g is not None}
        if ours[0] != expected.end() or ours[1] != groups:
            fail(f"paths of {pattern!r} disagree with re.match on {digits}: {ours} vs {expected.end()} {groups}")
    return paths


# ---------------------------------------------------------------------------
# The plans

def region_samples(metadata, generator):
    """Digits to check start-of-number paths on: example numbers with every
    national prefix variant before them, and random digits of every length."""
    samples = set()
    examples = [getattr(metadata, name).example_number for name in TYPE_DESCS
                if getattr(metadata, name) is not None and getattr(metadata, name).example_number]
    prefixes = ["", "0", "1", "8", "00", "01", "011", "90", "0015", "180020", "003768"]
    for example in examples:
        for prefix in prefixes:
            samples.add(prefix + example)
    for length in range(1, MAX_NSN + 4):
        for _ in range(40):
            samples.add("".join(generator.choice("0123456789") for _ in range(length)))
    return sorted(samples)


def build_plans(phonenumbers):
    from phonenumbers import PhoneMetadata
    from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

    if phonenumbers.__version__ != PHONENUMBERS_VERSION:
        fail(f"phonenumbers {phonenumbers.__version__} is installed; the plans are pinned to "
             f"{PHONENUMBERS_VERSION} (pip install phonenumbers=={PHONENUMBERS_VERSION})")
    generator = random.Random(20261207)
    lines = []
    for code in sorted(COUNTRY_CODE_TO_REGION_CODE):
        regions = COUNTRY_CODE_TO_REGION_CODE[code]
        lines.append("\t".join(["code", str(code)] + list(regions)))
        for region in regions:
            if region == "001":
                metadata = PhoneMetadata.metadata_for_nongeo_region(code)
            else:
                metadata = PhoneMetadata.metadata_for_region(region)
            lines.append(region_line(region, code, metadata, generator))
    return lines


def region_line(region, code, metadata, generator):
    general = metadata.general_desc
    general_dfa = DFA(general.national_number_pattern)
    types = []
    for name in TYPE_DESCS:
        desc = getattr(metadata, name)
        if desc is None or not desc.national_number_pattern:
            continue
        lengths = set(l for l in desc.possible_length if l > 0)
        if desc.possible_length and not lengths:   # (-1,): no number of this type
            continue
        types.append((DFA(desc.national_number_pattern), lengths))
    valid = product(general_dfa, set(general.possible_length), types)
    general_min = minimise(general_dfa.next, general_dfa.accepting)
    samples = region_samples(metadata, generator)
    idd = metadata.international_prefix or ""
    idd_paths = checked_paths(idd, samples) if idd else []
    npp = metadata.national_prefix_for_parsing or ""
    transform = metadata.national_prefix_transform_rule or ""
    npp_paths = checked_paths(npp, samples) if npp else []
    leading = metadata.leading_digits or ""
    leading_dfa = minimise_prefix(leading) if leading else None
    lengths = ",".join(str(l) for l in general.possible_length)
    local = ",".join(str(l) for l in general.possible_length_local_only)
    for text in (transform,):
        if "\t" in text:
            fail("a tab in a transform rule")
    columns = ["region", region, str(code), "main" if metadata.main_country_for_code else "",
               lengths, local, encode_paths(idd_paths), encode_paths(npp_paths), transform,
               encode_dfa(general_min), encode_dfa(valid), encode_dfa(leading_dfa) if leading_dfa else ""]
    check_dfa(valid, metadata, general, types)
    return "\t".join(columns)


def minimise_prefix(pattern):
    """An automaton that accepts a number once any prefix matched (re.match's
    success for a pattern without anchors): accepting states lead to themselves."""
    dfa = DFA(pattern)
    rows = [list(row) for row in dfa.next]
    accept = len(rows)
    rows.append([accept] * 10)
    for state, accepts in enumerate(dfa.accepting):
        if accepts:
            rows[state] = [accept] * 10
    return minimise(rows, dfa.accepting + [True])


def check_dfa(valid, metadata, general, types):
    """The validity automaton against libphonenumber's own test on example
    numbers and on each one altered by a digit."""
    from phonenumbers.phonenumberutil import _number_type_helper, PhoneNumberType
    examples = [getattr(metadata, name).example_number for name in TYPE_DESCS
                if getattr(metadata, name) is not None and getattr(metadata, name).example_number]
    for example in examples:
        variants = {example, example[:-1], example + "5"}
        variants |= {example[:i] + d + example[i + 1:] for i in range(len(example)) for d in "0159"}
        for digits in variants:
            expected = _number_type_helper(digits, metadata) != PhoneNumberType.UNKNOWN
            if valid.matches(digits) != expected:
                fail(f"the validity automaton of {metadata.id} disagrees on {digits}")


def plans_tsv(lines):
    header = [
        f"# libphonenumber's numbering plans (PyPI phonenumbers {PHONENUMBERS_VERSION}, Apache License 2.0),",
        "# compiled by Scripts/generate-standard-resources.py (Scripts/numbering_plans.py); do not edit.",
        "# code<TAB>calling code<TAB>regions in libphonenumber's order",
        "# region<TAB>id<TAB>calling code<TAB>main<TAB>possible lengths<TAB>local-only lengths<TAB>"
        "international prefix paths<TAB>national prefix paths<TAB>national prefix transform<TAB>"
        "general pattern automaton<TAB>valid number automaton<TAB>leading digits automaton",
    ]
    return "\n".join(header + lines) + "\n"
