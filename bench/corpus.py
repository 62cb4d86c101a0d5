"""A deterministic generator of synthetic SCO-style news articles, for load and query benchmarks.

    .venv/bin/python bench/corpus.py --articles 1000 --out var/bench/corpus-1000 [--seed 42]

Each article is a UTF-8 ``.txt`` file in one of four house styles (wire report with a dateline,
bylined feature, interview with ``Name: ...`` turns, press release ending in ``Source: ...``),
about 40% without YAML front matter. Sentences come from templates covering what the loader
extracts: direct quotes both ways round, indirect speech, "according to", figures (percent,
money, counts with qualifiers, changes, years), dated events and memberships.

Names come from ``bench/pool.jsonl`` (real states, cities, leaders and bodies, more than the
catalogue holds; real names stay out of .py files) plus invented persons, think tanks and
agencies built here from syllables, which no catalogue knows. Article ``i`` depends only on
``(seed, i)``, so the same seed and count give byte-identical files, and a corpus of 100 is
the first 100 files of a corpus of 1000.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

POOL = Path(__file__).with_name("pool.jsonl")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "10th", "11th", "12th", "13th", "14th", "15th", "16th", "17th", "18th", "19th",
            "20th", "21st", "22nd", "23rd", "24th", "25th")
SYLLABLES = ("ar", "bek", "dor", "al", "mir", "zan", "kov", "tal", "ser", "ul", "nur", "gal",
             "vin", "sha", "ros", "tem", "lin", "dar", "ov", "is", "bar", "mel", "hon", "qui")
ROLES = ("senior fellow", "director", "research fellow", "chief economist", "head of the Eurasia "
         "programme", "deputy director", "professor")
THINK_TANK_FORMS = ("{place} Institute for {topic}", "Centre for {topic}",
                    "{place} Forum on {topic}",
                    "{place} Council for {topic}", "{place} Institute of {topic}")
TOPICS = ("Eurasian Affairs", "Regional Security", "Strategic Studies", "Energy Policy",
          "Connectivity", "Trade Policy", "Central Asian Studies", "Silk Road Research",
          "Development Studies")
AGENCY_FORMS = ("{state} Agency for {domain}", "National {domain} Committee of {state}",
                "{adjective} {domain} Service")
DOMAINS = ("Investment Promotion", "Customs", "Transport Corridors", "Energy Security",
           "Statistics", "Tourism Development", "Digital Economy")
MEASURES = (("trade turnover between {a} and {b}", "money"),
            ("{a}'s investment in the other member states", "money"),
            ("the GDP growth rate of the member states", "percent"),
            ("the share of the SCO in world trade", "percent"),
            ("the number of freight trains between {a} and {b}", "count"),
            ("tourist arrivals from {a} to {b}", "count"),
            ("the volume of rail freight through {city}", "count"))
TOPIC_CLAUSES = (
    "the organization remains committed to the principle of non-interference",
    "security cooperation against terrorism, separatism and extremism is the priority",
    "connectivity projects across Central Asia are gaining momentum",
    "trade in national currencies should be expanded among the member states",
    "the SCO will never become a military alliance",
    "energy cooperation offers the biggest untapped potential",
    "the new development strategy sets clear goals until 2035",
    "the member states stand ready to deepen people-to-people exchanges",
    "the expansion of the organization strengthens its voice in global affairs",
    "digital economy and green development are new areas of cooperation",
)
EVENTS = ("meeting of the Council of Heads of Member States", "meeting of the Council of Foreign "
          "Ministers", "SCO Business Forum", "meeting of the Council of Heads of Government",
          "SCO Youth Forum", "meeting of the Secretaries of Security Councils")


@dataclass(frozen=True)
class Speaker:
    """Someone an article quotes: a full name, the title used on first mention, a short form."""

    name: str
    title: str
    short: str


def load_pool(path: Path = POOL) -> dict[str, list[dict]]:
    """The pool file, grouped by kind (comment lines start with //)."""
    pool: dict[str, list[dict]] = {}
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("//"):
            entry = json.loads(line)
            pool.setdefault(entry["kind"], []).append(entry)
    return pool


class ArticleWriter:
    """Writes article ``index`` from its own random stream (seeded by ``seed:index``)."""

    def __init__(self, pool: dict[str, list[dict]], seed: int, index: int) -> None:
        self.pool = pool
        self.rng = random.Random(f"sco-kg-corpus:{seed}:{index}")
        self.index = index
        self.year = self.rng.randint(2015, 2025)
        curly = self.rng.random() < 0.3  # some house styles set typographic quotes
        self.open_quote, self.close_quote = ("\u201c", "\u201d") if curly else ('"', '"')

    # -- names ---------------------------------------------------------------------------

    def invented_name(self) -> str:
        rng = self.rng

        def word(parts: int) -> str:
            return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()

        return f"{word(rng.randint(2, 3))} {word(rng.randint(2, 3))}"

    def think_tank(self) -> str:
        state = self.rng.choice(self.pool["state"])
        return self.rng.choice(THINK_TANK_FORMS).format(
            place=self.rng.choice((state["name"], state["adjective"], "Eurasian", "Caspian")),
            topic=self.rng.choice(TOPICS))

    def agency(self) -> str:
        state = self.rng.choice(self.pool["state"])
        return self.rng.choice(AGENCY_FORMS).format(state=state["name"],
                                                    adjective=state["adjective"],
                                                    domain=self.rng.choice(DOMAINS))

    def speaker(self) -> Speaker:
        """A real leader (about half the time) or an invented expert or official."""
        rng = self.rng
        if rng.random() < 0.5:
            person = rng.choice(self.pool["person"])
            return Speaker(person["name"], person["title"], person["surname"])
        name = self.invented_name()
        if rng.random() < 0.6:
            title = f"{rng.choice(ROLES)} at the {self.think_tank()}"
        else:
            title = f"head of the {self.agency()}"
        honorific = rng.choice(("", "", "Dr. ", "Prof. "))
        return Speaker(f"{honorific}{name}", title, f"{honorific}{name.split()[-1]}")

    def states(self, count: int) -> list[dict]:
        return self.rng.sample(self.pool["state"], count)

    def city(self) -> str:
        return self.rng.choice(self.pool["city"])["name"]

    # -- sentences -----------------------------------------------------------------------

    def clause(self) -> str:
        return self.rng.choice(TOPIC_CLAUSES)

    def figure(self) -> str:
        rng = self.rng
        a, b = self.states(2)
        measure, unit = rng.choice(MEASURES)
        what = measure.format(a=a["name"], b=b["name"], city=self.city())
        year = rng.randint(2010, self.year)
        if unit == "money":
            scale = rng.choice(("billion", "million"))
            value = f"$ {rng.randint(1, 300)}.{rng.randint(0, 9)} {scale}"
        elif unit == "percent":
            value = f"{rng.randint(1, 60)}.{rng.randint(0, 9)}{rng.choice(('%', ' percent'))}"
        else:
            value = f"{rng.choice(('about ', 'more than ', 'nearly ', ''))}{rng.randint(12, 9000)}"
        forms = (f"In {year}, {what} reached {value}.",
                 f"{what[0].upper()}{what[1:]} stood at {value} in {year}.",
                 f"{what[0].upper()}{what[1:]} increased by {rng.randint(2, 45)}% "
                 f"compared with {year - 1}.",
                 f"The SCO Secretariat held about {rng.randint(20, 300)} events in {year}.",
                 f"More than {rng.randint(2, 40) * 50} delegates from "
                 f"{rng.randint(8, 26)} countries attended the forum.")
        return rng.choice(forms)

    def quote(self, who: Speaker, first: bool) -> str:
        rng = self.rng
        said = f"{who.name}, {who.title}" if first else who.short
        subject = f"{said}," if first else said  # an apposition is closed before the verb
        text = self.clause()
        text = text[0].upper() + text[1:]
        figure = self.figure()
        forms = (f'{self.open_quote}{text},{self.close_quote} said {said}.',
                 f'{self.open_quote}{text},{self.close_quote} {who.name if first else who.short}'
                 f' told reporters.',
                 f'{subject} said: {self.open_quote}{text}.{self.close_quote}',
                 f"{subject} noted that {self.clause()}.",
                 f"According to {said}, {self.clause()}.",
                 f"{who.name if first else who.short} stressed that {self.clause()}, "
                 f"adding that {figure[0].lower()}{figure[1:-1]}.")
        return rng.choice(forms)

    def answer(self) -> str:
        """An interview turn: first-person statements and figures, no attribution."""
        sentences = [self.rng.choice(("We believe that", "I think", "It is clear that"))
                     + f" {self.clause()}.", self.figure()]
        if self.rng.random() < 0.5:
            sentences.append(self.event())
        return " ".join(sentences)

    def event(self) -> str:
        rng = self.rng
        month = rng.randint(1, 12)
        day = rng.randint(1, 27)
        year = rng.choice((self.year, self.year + 1))
        what = f"The {rng.choice(ORDINALS)} {rng.choice(EVENTS)}"
        city = self.city()
        forms = (f"{what} will be held in {city} on {MONTHS[month - 1]} {day}-{day + 1}, {year}.",
                 f"{what} took place in {city} on {MONTHS[month - 1]} {day}, {year}.",
                 f"{what} is scheduled for {MONTHS[month - 1]} {year} in {city}.")
        return rng.choice(forms)

    def membership(self) -> str:
        rng = self.rng
        a, b = self.states(2)
        year = rng.randint(2001, self.year)
        forms = (f"In {year}, {a['name']} and {b['name']} became members of the SCO.",
                 f"{a['name']} became a full member of the SCO in {year}.",
                 f"{a['name']} was granted observer status in the SCO in {year}.",
                 f"In {year}, {a['name']} joined the organization as a dialogue partner.")
        return rng.choice(forms)

    def paragraph(self, speakers: list[Speaker], seen: set[str]) -> str:
        sentences = []
        for _ in range(self.rng.randint(2, 4)):
            kind = self.rng.choices(("quote", "figure", "event", "membership", "narration"),
                                    weights=(4, 3, 1, 1, 2))[0]
            if kind == "quote":
                who = self.rng.choice(speakers)
                sentences.append(self.quote(who, who.name not in seen))
                seen.add(who.name)
            elif kind == "narration":
                sentences.append(f"Observers say {self.clause()}.")
            else:
                sentences.append(getattr(self, kind)())
        return " ".join(sentences)

    # -- whole articles ------------------------------------------------------------------

    def article(self) -> str:
        rng = self.rng
        style = rng.choice(("wire", "feature", "interview", "release"))
        speakers = [self.speaker() for _ in range(rng.randint(2, 4))]
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        state = rng.choice(self.pool["state"])
        agency = rng.choice((state["agency"], rng.choice(self.pool["agency"])["name"]))
        topic = rng.choice(("cooperation", "summit", "trade", "security"))
        title = (f"{speakers[0].short}: SCO {topic}"
                 f" {rng.choice(('gains momentum', 'enters a new stage', 'faces new tests'))}")
        seen: set[str] = set()
        paragraphs = [self.paragraph(speakers, seen) for _ in range(rng.randint(6, 16))]
        lines: list[str] = []
        if style == "wire":
            paragraphs[0] = (f"{state['capital'].upper()}, {MONTHS[month - 1]} {day} ({agency}) -- "
                             + paragraphs[0])
        elif style == "feature":
            lines += [title, f"By {self.invented_name()}", ""]
        elif style == "interview":
            host = rng.choice((agency, "Reporter", "Q"))
            who = speakers[0]
            paragraphs.insert(0, f"{who.name}, {who.title}, spoke to {agency} about the SCO.")
            seen.add(who.name)
            for turn in range(rng.randint(2, 4)):
                paragraphs.insert(1 + 2 * turn, f"{host}: What do you say to those who doubt"
                                                f" that {self.clause()}?")
                paragraphs.insert(2 + 2 * turn, f"{who.short}: {self.answer()}")
        else:
            lines += [title, ""]
            paragraphs.append(f"Source: {agency}")
        body = "".join(f"{line}\n" for line in lines) + "\n\n".join(paragraphs) + "\n"
        if rng.random() < 0.6:
            front = [f"title: {json.dumps(title)}", f"publisher: {json.dumps(agency)}",
                     f"date: {self.year}-{month:02d}-{day:02d}"]
            if style == "feature":
                front.append(f"author: {json.dumps(lines[1][3:])}")
            if rng.random() < 0.5:
                front.append(f"url: https://news.example.org/{self.year}/{self.index:06d}")
            body = "---\n" + "\n".join(front) + "\n---\n" + body
        return body


def write_corpus(articles: int, out: Path, *, seed: int = 42) -> list[Path]:
    """Write ``articles`` files into ``out`` (created); return their paths."""
    pool = load_pool()
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(articles):
        text = ArticleWriter(pool, seed, index).article()
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        path = out / f"{index:06d}_{digest}.txt"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    paths = write_corpus(args.articles, args.out, seed=args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} articles ({size / 1e6:.1f} MB) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
