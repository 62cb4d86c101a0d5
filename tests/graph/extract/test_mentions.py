"""Mention patterns over sentences written for the test (real catalogue and lexicon)."""

from __future__ import annotations

import pytest
from run_steps import check_spans, keys_at, run

CATALOGUE_NAMES = [
    ("The Shanghai Cooperation Organisation met in Shanghai.", "Shanghai", {"shanghai"}),
    ("The Shanghai Cooperation Organisation met in Shanghai.",
     "Shanghai Cooperation Organisation", {"sco"}),
    ("Delegates from Indiana and Russians abroad attended.", "India", set()),
    ("Delegates praised the Shanghai Spirit of mutual trust.", "Shanghai", set()),
    ("A freight train on the China-Europe railway express left.", "Europe", set()),
    # two coordinated regions sharing their last word are one region, as the reader takes it
    ("Ties between Central and South Asia deepened.", "Central and South Asia",
     {"central-and-south-asia"}),
    ("Ties between Central and South Asia deepened.", "South Asia", set()),
    # a list is not a coordination: "the Middle East and South Asia" are two regions
    ("Envoys from the Middle East and South Asia met.", "South Asia", {"south-asia"}),
    ("Envoys from the Middle East, and Southeast Asia met.", "Southeast Asia",
     {"southeast-asia"}),
    ("He spoke at the St. Petersburg International Economic Forum.", "St. Petersburg",
     {"saint-petersburg"}),
    ("Guests came from the Arctic Ocean ports.", "Arctic Ocean", {"arctic-ocean"}),
    ("President Xi Jinping arrived in Astana.", "Xi Jinping", {"xi-jinping"}),
    ("TASHKENT, May 3 (Xinhua) -- The talks began.", "TASHKENT", {"tashkent"}),
]


@pytest.mark.parametrize("sentence, surface, keys", CATALOGUE_NAMES)
def test_mentions_matches_catalogue_names_longest_first(sentence: str, surface: str,
                                                        keys: set[str]) -> None:
    doc = run(sentence, upto="mentions")
    check_spans(doc)
    assert keys_at(doc, surface) == keys


NEW_NAMES = [
    ("Uzbek Foreign Minister Odil Rustamov arrived on Monday.", "Odil Rustamov", "person"),
    ("Zhang Weidong, the Chinese ambassador to Russia, met the press.", "Zhang Weidong", "person"),
    ("Dr. Farhod Tolipov spoke first.", "Farhod Tolipov", "person"),
    ("Ambassador to Russia Zhang Weidong, who arrived late, spoke.", "Zhang Weidong", "person"),
    ("The deal was welcomed, said Aigerim Bekova, a senior researcher in Almaty.",
     "Aigerim Bekova", "person"),
    ("Gulzat Temirova is the director of a trade office in Osh.", "Gulzat Temirova", "person"),
    ("By Meruert Sultanova\nThe bloc met.", "Meruert Sultanova", "person"),
    ("The bloc met. (Photo by Timur)", "Timur", "person"),
    ("The exhibition opened at the Tashkent Institute of Oriental Studies.",
     "Tashkent Institute of Oriental Studies", "org"),
    # an unknown person introduced by an apposition with "a/an/the ... at/of/with"
    ("Saule Amanova, an economist at a bank in Almaty, said rates would fall.",
     "Saule Amanova", "person"),
    ("Rates will fall. Daniyar Kenzhe, the head of research with a Moscow fund, agreed.",
     "Daniyar Kenzhe", "person"),
    # a postposed speaker followed by his institution
    ('"We expect more," said Harold Finch of the Lakeside Institute.', "Harold Finch", "person"),
    # wire credits at the foot of a story
    ("The bloc met.\n(Reporting by Asel Omar and Ivan Drozd; Editing by Mark Bell)",
     "Ivan Drozd", "person"),
    ("The bloc met.\n(Reporting by Asel Omar and Ivan Drozd; Editing by Mark Bell)",
     "Mark Bell", "person"),
    # broadcasters' credits, with the name at a line end
    ("Water Deal Signed\nReporting by Saltanat Omarova in Almaty; presented by Ruslan Bekov\n"
     "The bloc met.", "Ruslan Bekov", "person"),
    # newspaper features: an age, or a "who" clause, marks a person
    ("Dana Kurmanova, 41, a teacher from Osh, said prices had doubled.", "Dana Kurmanova",
     "person"),
    ("In Karakol, Tolkun Isaeva, who runs a guesthouse near the lake, said bookings were up.",
     "Tolkun Isaeva", "person"),
    # think-tank style: "according to X Y, an economist at ..."
    ("The plan is ambitious, according to Marat Zhaksybekov, an economist at a bank.",
     "Marat Zhaksybekov", "person"),
    ("Colonel Anvar Sadikov said the border was calm.", "Anvar Sadikov", "person"),
    # organisations: "-based" place prefix, "and" inside, no modifier before the head
    ("The Almaty-based Steppe Research Institute published a report.",
     "Steppe Research Institute", "org"),
    ("Officials from the National Information and Analytical Centre on Drug Control came.",
     "National Information and Analytical Centre on Drug Control", "org"),
    ("The data came from the Institute for Regional Trade and Transport Studies in Bishkek.",
     "Institute for Regional Trade and Transport Studies", "org"),
    # several "of" tails; a state inside the tail is part of the name
    ("In a statement, the Ministry of Energy of the Republic of Ruritania said prices rose.",
     "Ministry of Energy of the Republic of Ruritania", "org"),
    ("She teaches at the National University of Tajikistan in Dushanbe.",
     "National University of Tajikistan", "org"),
    # a demonym opens the name of a body that is not a state's ministry or office
    ("Students of the Kazakh National Academy of Arts played.",
     "Kazakh National Academy of Arts", "org"),
    # an organisation's acronym opening a longer name ("the annual meeting of" is no organ)
    ("The annual meeting of the SCO Energy Club opened in Osh.", "SCO Energy Club", "org"),
    # a role with "and" inside the department's name
    ("Deputy Minister of Labour and Social Protection Aibek Toktogulov said wages rose.",
     "Aibek Toktogulov", "person"),
    # a lower-case role after the name
    ("The paper spoke to Aruzhan Bekova, secretary of the students' union, about fees.",
     "Aruzhan Bekova", "person"),
    # a sentence opening with a name and a person's predicate
    ("Trade grew. Dilfuza Karimova runs a clinic in Osh.", "Dilfuza Karimova", "person"),
    # a name apposed to a lower-case role, and a state's possessive before a full name
    ("Talks were held with a Ruritanian defence minister, Oleg Varga, in Osh.", "Oleg Varga",
     "person"),
    ("Ruritania's Oleg Varga attended as a guest.", "Oleg Varga", "person"),
    ("The chief health officer, Anna Lind, has promised more laboratories.", "Anna Lind",
     "person"),
    # places the catalogue lacks: a geographic head, an area noun, a compass word, a locative
    ("Troops clashed in the Kelvin Valley in June.", "Kelvin Valley", "place"),
    ("Soldiers met again in the Varna sector last year.", "Varna", "place"),
    ("The standoff in eastern Dorvala continues.", "Dorvala", "place"),
    ("They trained near Tarnovka in Russia.", "Tarnovka", "place"),
    ("The fund works to save the water of the Kelso River.", "Kelso River", "place"),
    # a full name as the subject of an encounter verb, its object or a passive's agent
    ("Jan Novak met Anna Lind in Astana on Monday.", "Jan Novak", "person"),
    ("Jan Novak met Anna Lind in Astana on Monday.", "Anna Lind", "person"),
    ("The talks were chaired by Anna Lind.", "Anna Lind", "person"),
    ("Speaking at the forum, Jan Novak called for closer ties.", "Jan Novak", "person"),
    ("Jan Novak and Anna Lind signed the deal.", "Anna Lind", "person"),
    # letters beyond ASCII in a name
    ("Trade grew, said Selin Aydoğan of the Anatolian Institute.", "Selin Aydoğan", "person"),
    # a publisher named in a disclaimer
    ("The views are the author's own and do not necessarily reflect those of The Steppe Herald.",
     "Steppe Herald", "media"),
]


@pytest.mark.parametrize("sentence, name, kind", NEW_NAMES)
def test_mentions_recognises_names_by_context(sentence: str, name: str, kind: str) -> None:
    doc = run(sentence, upto="mentions")
    check_spans(doc)
    entities = {e.label: e.kind for e in doc.entities.values()}
    assert entities.get(name) == kind
    assert keys_at(doc, name)


NOT_NAMES = [
    "Member States signed the declaration.",
    "Foreign Ministers met in Astana.",
    "Growth in Central Asia, which relies on remittances, slowed.",
    "Trade rose. Lake Issyk-Kul, a magnet for tourists, drew crowds.",
    "President Putin Hails New Era Of Partnership\nThe bloc met in Minsk.",
    "The Foreign Ministry said nothing.",
    "Experts In Many Countries said the meeting was useful.",
    "Trade grew. Central Asia, the region at the heart of the bloc, gained most.",
]


def test_mentions_state_inside_an_organisation_name_is_not_mentioned() -> None:
    doc = run("She teaches at the National University of Tajikistan.", upto="mentions")
    assert not keys_at(doc, "Tajikistan")


@pytest.mark.parametrize("text", ["The Kazakh Ministry of Energy said output rose.",
                                  "Kazakhstan's Ministry of Energy said output rose."])
def test_mentions_ministry_is_named_after_the_state_it_belongs_to(text: str) -> None:
    doc = run(text, upto="mentions")
    [entity] = doc.entities.values()
    assert entity.label == "Ministry of Energy of Kazakhstan"
    assert "Ministry of Energy of the Republic of Kazakhstan" in entity.aliases
    assert [m.span.text for m in doc.mentions if m.entity == entity.key] == ["Ministry of Energy"]


def test_mentions_short_form_of_an_organisation_named_in_full() -> None:
    text = ("Delegates met at the SCO Energy Club in Osh. The Energy Club was set up in 2013. "
            "The Ministry of Energy of Ruritania sent a team. The Ministry of Energy said more.")
    doc = run(text, upto="mentions")
    labels = {e.label for e in doc.entities.values()}
    assert labels == {"SCO Energy Club", "Ministry of Energy of Ruritania"}
    assert [m.span.text for m in doc.mentions if m.entity == "sco-energy-club"] == [
        "SCO Energy Club", "Energy Club"]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_mentions_mints_no_person_without_evidence(text: str) -> None:
    doc = run(text, upto="mentions")
    assert [e for e in doc.entities.values() if e.kind == "person"] == []


ACRONYMS = [
    ("The Eurasian Policy Institute (EPI) published a study. EPI said trade grew.",
     "EPI", "eurasian-policy-institute"),
    ("TSB NEWS | Tien Shan Broadcasting | World\nTrade grew. TSB understands the deal is close.",
     "TSB", "tien-shan-broadcasting"),
    ("The Almaty-based Steppe Research Institute published a report.", "Almaty", "almaty"),
]


@pytest.mark.parametrize("text, surface, key", ACRONYMS)
def test_mentions_links_acronyms_and_based_places(text: str, surface: str, key: str) -> None:
    doc = run(text, upto="mentions")
    check_spans(doc)
    assert keys_at(doc, surface) == {key}


ADJECTIVES = [
    # a state named only by its adjective: the adjective is the state's mention
    ("The Kyrgyz capital hosted the talks.", "Kyrgyz", {"kyrgyzstan"}),
    ("The Uzbek leader opened the forum.", "Uzbek", {"uzbekistan"}),
    ("Aid will go to Afghan reconstruction.", "Afghan", {"afghanistan"}),
    ("The bloc includes former Soviet republics.", "Soviet", {"soviet-union"}),
    ("The Russian envoy arrived on Monday.", "Russian", {"russia"}),
    # a region's adjective names the region
    ("Trade with the Central Asian members grew.", "Central Asian", {"central-asia"}),
    # money is not the state
    ("Output reached 30 trillion U.S. dollars.", "U.S.", set()),
    ("Output reached 30 trillion US dollars.", "US", set()),
    # a longer name holds the adjective
    ("Ships crossed the Indian Ocean.", "Indian", set()),
]


@pytest.mark.parametrize("text, surface, keys", ADJECTIVES)
def test_mentions_adjective_names_its_state(text: str, surface: str, keys: set[str]) -> None:
    doc = run(text, upto="mentions")
    check_spans(doc)
    assert keys_at(doc, surface) == keys


DATELINES = [
    ("TASHKENT, Uzbekistan, May 3, 2024 /Wire/ -- The bloc met.", "TASHKENT", "tashkent"),
    ("BEIJING (Some Agency - 3rd May, 2019) The bloc met.", "BEIJING", "beijing"),
    ("BEIJING — Trade grew in May.", "BEIJING", "beijing"),
    ("ASTANA. AGENCY - The bloc met.", "ASTANA", "astana"),
    ("NEW DELHI: India will host the meeting.", "NEW DELHI", "new-delhi"),
    ("ASTANA, (Some Agency - 3rd May, 2024) The bloc met.", "ASTANA", "astana"),
]


@pytest.mark.parametrize("text, surface, key", DATELINES)
def test_mentions_reads_the_dateline_place(text: str, surface: str, key: str) -> None:
    doc = run(text, upto="mentions")
    check_spans(doc)
    assert keys_at(doc, surface) == {key}


MEDIA = [
    # staff of a medium: a one-word title keeps its article
    ("According to Jan Novak, a writer for the Gazettist, the bloc is weak.", "the Gazettist",
     "The Gazettist"),
    ("Anna Lind, a correspondent for Steppe Voice, filed the story.", "Steppe Voice",
     "Steppe Voice"),
    # a medium's noun before its name, which may open in lower case
    ("Writing in the news outlet rtx Globalnews, the president said trade grew.",
     "rtx Globalnews", "rtx Globalnews"),
    # a news site named by its domain
    ("The meeting will be held in May, riverton.news reports.", "riverton.news",
     "riverton.news"),
    ("The newspaper Steppeland reported that the talks stalled.", "Steppeland", "Steppeland"),
]


@pytest.mark.parametrize("text, surface, label", MEDIA)
def test_mentions_names_media_by_what_they_are(text: str, surface: str, label: str) -> None:
    doc = run(text, upto="mentions")
    check_spans(doc)
    [key] = keys_at(doc, surface)
    assert doc.entities[key].label == label
    assert doc.entities[key].kind == "media"


ORGANISATIONS = [
    # a state's name opening an organisation's name is no mention of the state
    ("Jan Novak, a professor at the Ruritania Foreign Affairs University, spoke.",
     "China", "Ruritania Foreign Affairs University"),
    ("Anna Lind, head of the China Center for Steppe Studies, spoke.", "China",
     "China Center for Steppe Studies"),
    # an organisation acronym inside a field of study
    ("Anna Lind, head of the Riverton Center for SCO Studies, spoke.", "SCO",
     "Riverton Center for SCO Studies"),
    # a state's possessive says whose institute it is
    ("Anna Lind is the director of Kazakhstan's Steppe Studies Center.", "Kazakhstan's",
     "Steppe Studies Center (Kazakhstan)"),
]


@pytest.mark.parametrize("text, inner, label", ORGANISATIONS)
def test_mentions_organisation_name_swallows_names_inside(text: str, inner: str,
                                                          label: str) -> None:
    doc = run(text, upto="mentions")
    check_spans(doc)
    assert label in {e.label for e in doc.entities.values() if e.kind == "org"}
    assert not keys_at(doc, inner)


NOT_ORGANISATIONS = [
    # an organisation's organ of office-holders is not annotated apart from it
    "Membership was approved by its Council of Heads of State at the summit.",
    "Leaders met at the 9th Meeting of the Steppe Union (STU) Council of Foreign Ministers.",
    # page furniture
    "Breaking News\nThe bloc met in May.",
    "Trending News\nFollow Us On Feed News\nThe bloc met in May.",
    "The bloc met in May.\nSign up for Daily News",
]


@pytest.mark.parametrize("text", NOT_ORGANISATIONS)
def test_mentions_organs_and_page_furniture_are_no_organisations(text: str) -> None:
    doc = run(text, upto="mentions")
    assert [e.label for e in doc.entities.values()
            if "Council" in e.label or "News" in e.label] == []


CATALOGUE_FORMS = [
    # a headline capitalises every word: the state is still named
    ("Kazakhstan Hails Role Of Bloc In Regional Integration\nThe bloc met.", "Kazakhstan",
     {"kazakhstan"}),
    ("Tianjin Welcomes Leaders Of Member States\nThe bloc met.", "Tianjin", {"tianjin"}),
    # but a state opening an event's longer name is no venue
    ("He spoke at the 3rd Kazakhstan Overseas Investment Fair in May.", "Kazakhstan", set()),
    ("Leaders met at the Qingdao Summit.", "Qingdao", {"qingdao"}),
    # no name starts inside "Heads of State"
    ("The bloc's Heads of State Council summit opened.", "State Council", set()),
    ("Li Qiang, Premier of the State Council of China, arrived.", "State Council of China",
     {"china-state-council"}),
    # an intergovernmental body's long name in lower case
    ("In Tashkent there is a regional anti-terrorist structure of the bloc.",
     "regional anti-terrorist structure", {"sco-rats"}),
]


@pytest.mark.parametrize("text, surface, keys", CATALOGUE_FORMS)
def test_mentions_catalogue_names_in_headlines_events_and_lower_case(
        text: str, surface: str, keys: set[str]) -> None:
    doc = run(text, upto="mentions")
    check_spans(doc)
    assert keys_at(doc, surface) == keys


def test_mentions_publisher_with_a_media_word_is_the_publisher() -> None:
    text = "RIVERTON (Steppe Courier News / Agency) The bloc met in May."
    doc = run(text, upto="mentions", front_matter={"publisher": "Steppe Courier"})
    assert keys_at(doc, "Steppe Courier News") == {"steppe-courier"}
    assert "steppe-courier-news" not in doc.entities


TITLE_CHAINS = [
    # a state's name glued before a person's name is not part of it
    ("Kazakhstan Jan Novak said the talks went well.", "Jan Novak"),
    ("The talks were attended by Anna Lind and Kazakhstan's Jan Novak.", "Jan Novak"),
    # title chains with "of the" inside, of any length
    ("Deputy Chairman of the Senate of Ruritania Jan Novak said the talks went well.",
     "Jan Novak"),
    ("Ruritanian Defence Minister Colonel General Jan Novak said the talks went well.",
     "Jan Novak"),
    ("The talks went well, Ruritania Vice President Jan Novak said.", "Jan Novak"),
    ("Secretary of the Security Council of Ruritania Jan Novak said the talks went well.",
     "Jan Novak"),
]


@pytest.mark.parametrize("text, name", TITLE_CHAINS)
def test_mentions_strips_titles_and_states_from_person_names(text: str, name: str) -> None:
    doc = run(text, upto="mentions")
    check_spans(doc)
    people = {e.label for e in doc.entities.values() if e.kind == "person"}
    assert name in people
    assert all(name not in label for label in
               {e.label for e in doc.entities.values()} - {name})


def test_mentions_organisation_stops_before_the_name_its_title_chain_ends_in() -> None:
    doc = run("Secretary of the Security Council of Ruritania Jan Novak said the talks went well.",
              upto="mentions")
    assert "Security Council of Ruritania" in {e.label for e in doc.entities.values()}


@pytest.mark.parametrize("text, surface, key", [
    ("Foreign Minister of the Republic of Kazakhstan Jan Novak attended.",
     "Republic of Kazakhstan", "kazakhstan"),
    ("Kazakhstan Jan Novak said the talks went well.", "Kazakhstan", "kazakhstan"),
])
def test_mentions_state_before_a_person_name_is_named(text: str, surface: str, key: str) -> None:
    doc = run(text, upto="mentions")
    check_spans(doc)
    assert keys_at(doc, surface) == {key}
    assert keys_at(doc, "Jan Novak") == {"jan-novak"}


def test_mentions_patronymic_names_the_catalogue_person() -> None:
    doc = run("Deputy Prime Minister - Foreign Minister of Kazakhstan Murat Bakhytovich Nurtleu "
              "arrived. Murat Bakhytovich Nurtleu said the talks went well.", upto="mentions")
    check_spans(doc)
    assert keys_at(doc, "Murat Bakhytovich Nurtleu") == {"murat-nurtleu"}
    assert keys_at(doc, "Bakhytovich Nurtleu") == {"murat-nurtleu"}
    assert not [e for e in doc.entities.values() if e.kind == "person"]


def test_mentions_name_glossed_with_its_state_is_a_person() -> None:
    doc = run("Delegates included Jan Novak (Kazakhstan) and Anna Lind (Mongolia).",
              upto="mentions")
    check_spans(doc)
    assert {"Jan Novak", "Anna Lind"} <= {e.label for e in doc.entities.values()
                                          if e.kind == "person"}
    assert keys_at(doc, "Kazakhstan") == {"kazakhstan"}


def test_mentions_each_state_of_a_hyphenated_compound_is_named() -> None:
    text = ("The Iran-Afghanistan-Tajikistan railway will open. India-Pakistan ties improved. "
            "The Sino-Russian border is calm. The Karshi-Khanabad airbase closed.")
    found = {(m.entity, m.span.text) for m in run(text, upto="mentions").mentions}
    assert {("iran", "Iran"), ("afghanistan", "Afghanistan"), ("tajikistan", "Tajikistan"),
            ("india", "India"), ("pakistan", "Pakistan")} <= found
    assert not any(surface in {"Sino", "Russian", "Karshi", "Khanabad"} for _, surface in found)


def test_mentions_a_name_set_off_after_counterpart_is_a_person() -> None:
    text = ("During the meeting, Defence Minister Jan Novak met his Gondorian counterpart, "
            "Wen Lihua, and their Ruritanian colleague, Piet Kramer.")
    found = {(m.entity, m.span.text) for m in run(text, upto="mentions").mentions}
    assert {("wen-lihua", "Wen Lihua"), ("piet-kramer", "Piet Kramer")} <= found


def test_mentions_an_organisation_under_an_office_keeps_its_whole_name() -> None:
    text = "Director of the Centre for Strategic Research under the President of Tajikistan spoke."
    doc = run(text, upto="mentions")
    assert "Centre for Strategic Research under the President of Tajikistan" in {
        m.span.text for m in doc.mentions}
