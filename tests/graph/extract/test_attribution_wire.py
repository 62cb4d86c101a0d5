"""Wire-copy attribution shapes, each over sentences written for the test (invented names)."""

from __future__ import annotations

import pytest
from run_steps import check_spans, run


def claims(text: str) -> list[tuple[str, str, str]]:
    doc = run(text)
    check_spans(doc)
    return [(c.claimant, c.content.text, c.mode) for c in doc.claims]


@pytest.mark.parametrize("text, expected", [
    # a title of any length before the name, in the postposed cue
    ("Trade between the two countries doubled last year, Assistant Minister of Commerce of "
     "Ruritania Jan Novak said on Monday.",
     [("jan-novak", "Trade between the two countries doubled last year", "indirect")]),
    ("Trade Minister Jan Novak arrived on Monday. The corridor will carry freight by spring, "
     "Deputy Minister of Trade of the Republic of Ruritania Jan Novak told reporters.",
     [("jan-novak", "The corridor will carry freight by spring", "indirect")]),
    # an abbreviation in brackets inside the title
    ("Trade Minister Jan Novak arrived on Monday. The bloc will admit two observers, "
     "Secretary-General of "
     "the Eurasian Forum (EF) Jan Novak said.",
     [("jan-novak", "The bloc will admit two observers", "indirect")]),
])
def test_attribution_wire_titles_of_any_length_lead_to_the_name(text: str, expected: list) -> None:
    assert claims(text) == expected


@pytest.mark.parametrize("text, speaker", [
    # the family name written first ("Li said" for a name printed family name first)
    ('Minister of Trade of Ruritania Wen Lihua arrived on Monday. "Freight volumes will rise '
     'again next year," Wen said.', "wen-lihua"),
    ('Minister of Trade of Ruritania Wen Lihua arrived on Monday. "Freight volumes will rise '
     'again next year," said Wen.', "wen-lihua"),
    # the surname, as usual
    ('Minister of Trade of Ruritania Jan Novak arrived on Monday. "Freight volumes will rise '
     'again next year," Novak added.', "jan-novak"),
])
def test_attribution_wire_later_references_by_name_keep_the_speaker(text: str,
                                                                    speaker: str) -> None:
    assert [c[0] for c in claims(text)] == [speaker]


@pytest.mark.parametrize("text, expected", [
    ("Jan Novak, the trade minister of Ruritania, opened the fair. According to the minister, "
     "exports to the region will grow further.",
     ("jan-novak", "exports to the region will grow further")),
    ("Trade Minister Jan Novak opened the fair on Monday. According to him, exports to the "
     "region will grow further.",
     ("jan-novak", "exports to the region will grow further")),
    ('Trade Minister Jan Novak opened the fair on Monday. "Exports to the region will grow '
     'further," said the minister.',
     ("jan-novak", "Exports to the region will grow further")),
    ("Trade Minister Jan Novak opened the fair on Monday. The organization's head recalled "
     "that exports to the region had doubled.",
     ("jan-novak", "exports to the region had doubled")),
])
def test_attribution_wire_role_and_pronoun_references(text: str, expected: tuple) -> None:
    assert [(c[0], c[1]) for c in claims(text)] == [expected]


def test_attribution_wire_pronoun_takes_the_subject_after_a_dateline() -> None:
    text = ("RIVERTON — Minister of Trade of Ruritania Jan Novak congratulated President Ana "
            "Ruiz on the talks.\n"
            "He noted that the talks had opened a new chapter for the region.")
    found = [(c[0], c[1]) for c in claims(text)]
    assert ("jan-novak", "the talks had opened a new chapter for the region") in found
    assert not any(c[0] == "ana-ruiz" for c in found)


@pytest.mark.parametrize("dateline", [
    "RIVERTON (Wire Service / Daily Herald - 3rd May, 2024) ",
    "RIVERTON — ",
    "RIVERTON, Ruritania, May 3, 2024 /Newswire/ -- ",
])
def test_attribution_wire_datelines_stay_out_of_the_claim(dateline: str) -> None:
    text = f"{dateline}Exports to the region doubled last year, Jan Novak said on Monday."
    assert claims(text) == [("jan-novak", "Exports to the region doubled last year", "indirect")]


def test_attribution_wire_passive_announcement_gives_the_sentence_before_to_the_speaker() -> None:
    text = ("The member states will become a hub of regional trade by 2030. This was announced "
            "on Thursday by the organization's Secretary-General Jan Novak, a wire service "
            "reports.")
    assert claims(text) == [("jan-novak",
                             "The member states will become a hub of regional trade by 2030",
                             "indirect")]


@pytest.mark.parametrize("text, expected", [
    # a second quote in the paragraph with no cue of its own keeps the speaker
    ('"The corridor is ready," Jan Novak said at the fair. "Freight will start moving in '
     'spring."',
     [("jan-novak", "The corridor is ready", "direct"),
      ("jan-novak", "Freight will start moving in spring", "direct")]),
    # a paragraph that is one quote keeps the speaker of the paragraph before
    ('"The corridor is ready," Jan Novak said.\n'
     '"Freight will start moving in spring. Tariffs will fall by the summer."',
     [("jan-novak", "The corridor is ready", "direct"),
      ("jan-novak", "Freight will start moving in spring. Tariffs will fall by the summer",
       "direct")]),
    # "He said:" ending a paragraph introduces the quote in the next one
    ('Fair opens in Riverton\nTrade Minister Jan Novak spoke at the fair. He said,\n'
     '"Freight will start moving in spring and tariffs will fall."',
     [("jan-novak", "Freight will start moving in spring and tariffs will fall", "direct")]),
])
def test_attribution_wire_quotes_run_on(text: str, expected: list) -> None:
    assert claims(text) == expected


@pytest.mark.parametrize("text, expected", [
    # reported speech running on in the paragraph
    ("Jan Novak said that the corridor was ready. It will carry freight from the spring.",
     [("jan-novak", "the corridor was ready", "indirect"),
      ("jan-novak", "It will carry freight from the spring", "indirect")]),
    # an impersonal opening in the next paragraph
    ("According to the Ministry of Energy of Ruritania, ten new plants will open next year.\n"
     "It is expected that the plants will employ thousands of workers.",
     [("ministry-of-energy-of-ruritania", "ten new plants will open next year", "indirect"),
      ("ministry-of-energy-of-ruritania",
       "It is expected that the plants will employ thousands of workers", "indirect")]),
])
def test_attribution_wire_reported_speech_runs_on(text: str, expected: list) -> None:
    assert claims(text) == expected


@pytest.mark.parametrize("text", [
    # a background sentence is narration
    "Jan Novak said that the corridor was ready. Founded in 1990, the agency runs six ports.",
    # a new paragraph without an impersonal opening is narration
    "Jan Novak said that the corridor was ready.\nThe agency runs six ports along the coast.",
    # the author's contrast, the author, narration about the speaker, a dated event
    "Jan Novak said that the corridor was ready. But ports alone do not settle disputes.",
    "Jan Novak said that the corridor was ready. I was at the opening that day.",
    "Jan Novak said that the corridor was ready. He gave no date for the first train.",
    "Jan Novak said that the corridor was ready. On Monday the first train left the port.",
    # a subject of its own, or an attitude of its own
    "Jan Novak said that the corridor was ready. Leaders agreed to fund a second line.",
    "Jan Novak said that the corridor was ready. Delegates were not convinced that it was.",
])
def test_attribution_wire_background_does_not_run_on(text: str) -> None:
    assert [c[1] for c in claims(text)] == ["the corridor was ready"]


@pytest.mark.parametrize("text, expected", [
    ("Minister of Trade of Ruritania Jan Novak on Monday called on member states to open "
     "their markets to each other.",
     ("jan-novak", "called on member states to open their markets to each other")),
    ("Trade Minister Jan Novak arrived on Monday. Addressing the summit, Jan Novak called for "
     "a joint response to drought in the region.",
     ("jan-novak", "called for a joint response to drought in the region")),
    ("Ruritanian Trade Minister Jan Novak, on his first visit since 2020, also attended the "
     "meeting and emphasized the importance of stable trade links.",
     ("jan-novak", "emphasized the importance of stable trade links")),
])
def test_attribution_wire_speech_acts(text: str, expected: tuple) -> None:
    assert [(c[0], c[1]) for c in claims(text)] == [expected]


def test_attribution_wire_speech_act_needs_its_subject_at_the_start() -> None:
    # "Ruritania" is named inside the sentence but is not its subject
    text = ("The meeting focused on trade under Ruritania's chairmanship and reaffirmed the "
            "bloc's commitment to open markets.")
    assert claims(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Based on Eurasian Development Bank data, the region generates a quarter of world output.",
     ("eurasian-development-bank",
      "Based on Eurasian Development Bank data, the region generates a quarter of world output")),
])
def test_attribution_wire_data_credited_to_a_body(text: str, expected: tuple) -> None:
    assert [(c[0], c[1]) for c in claims(text)] == [expected]


def test_attribution_wire_told_a_named_outlet() -> None:
    text = "The summit will adopt a new five-year plan, Jan Novak told Ruritania Today."
    assert claims(text) == [("jan-novak", "The summit will adopt a new five-year plan",
                             "indirect")]


@pytest.mark.parametrize("text, expected", [
    # "According to X, an apposition, CLAUSE": the apposition is not the claim
    ("Trade Minister Jan Novak arrived on Monday. According to Jan Novak, a writer for the "
     "Riverton Review, the bloc is too optimistic about trade.",
     ("jan-novak", "the bloc is too optimistic about trade")),
    # an organisation speaking through its press service
    ("Riverton will host the council meeting on Tuesday, the Eurasian Development Bank press "
     "service said.",
     ("eurasian-development-bank", "Riverton will host the council meeting on Tuesday")),
    # "said the message from ORG": the organisation named after the document speaks
    ('Trade Minister Jan Novak arrived on Monday. "The council will review the rules for '
     'cross-border freight," said the message from the Eurasian Development Bank.',
     ("eurasian-development-bank", "The council will review the rules for cross-border freight")),
])
def test_attribution_wire_sources_through_appositions_channels_and_documents(
        text: str, expected: tuple) -> None:
    assert expected in [(c[0], c[1]) for c in claims(text)]
    assert not any(c[0] == "jan-novak" and "council" in c[1] for c in claims(text))


def test_attribution_wire_data_source_inside_speech_is_a_channel() -> None:
    text = ('Trade Minister Jan Novak spoke at the fair.\n'
            '"Tourist arrivals grew by two million, and this number is from the Eurasian '
            'Development Bank," Novak said.')
    assert [c[0] for c in claims(text)] == ["jan-novak"]


@pytest.mark.parametrize("text, expected", [
    ("An official said on condition of anonymity that the talks had stalled.",
     [("An official", "the talks had stalled")]),
    ("The ministers noted that trade between the members had doubled since 2010.",
     [("The ministers", "trade between the members had doubled since 2010")]),
    ("Trade across the region will slow next year, analysts say.",
     [("analysts", "Trade across the region will slow next year")]),
    ("The new corridor is far too costly, say critics.",
     [("critics", "The new corridor is far too costly")]),
    ("Western diplomats argue that the bloc lacks a clear purpose.",
     [("Western diplomats", "the bloc lacks a clear purpose")]),
    ("Some are afraid the bloc will turn into a military alliance, while others believe it "
     "could anchor a new trading order.",
     [("Some", "the bloc will turn into a military alliance"),
      ("others", "it could anchor a new trading order")]),
])
def test_attribution_wire_unnamed_and_collective_speakers_have_no_claimant(
        text: str, expected: list) -> None:
    doc = run(text)
    check_spans(doc)
    assert [(c.claimant, c.reported_speaker, c.content.text) for c in doc.claims] == [
        ("", who, content) for who, content in expected]


@pytest.mark.parametrize("text", [
    "The leaders signed a declaration on energy security.",
    "Many countries trade with the bloc, and some of them say little about it.",
])
def test_attribution_wire_groups_without_speech_make_no_claim(text: str) -> None:
    assert run(text).claims == []


def test_attribution_wire_named_speaker_wins_over_a_group_in_the_sentence() -> None:
    text = "Trade will slow next year, Trade Minister Jan Novak told analysts."
    assert [(c.claimant, c.reported_speaker) for c in run(text).claims] == [("jan-novak", None)]


@pytest.mark.parametrize("text, claims_left", [
    # a clause cut off by the end of the stored copy is a claim only if it says something
    ("Jan Novak said that over the past 21 [...]", []),
    ("Jan Novak said that the corridor will carry freight and grain to the [...]",
     ["the corridor will carry freight and grain to the"]),
])
def test_attribution_wire_cut_off_clauses(text: str, claims_left: list) -> None:
    doc = run("Corridor talks in Riverton\n" + text)  # a headline, as stored copies have
    assert [c.content.text for c in doc.claims] == claims_left


def test_attribution_wire_first_person_view_is_the_author_named_in_the_body() -> None:
    text = ("Trade corridors of the steppe\n"
            "by Jan Novak\n"
            "The region is changing fast. I am sure that the new railway will double trade "
            "within a decade.\n")
    doc = run(text)
    check_spans(doc)
    assert [(c.claimant, c.content.text, c.claimant_span and c.claimant_span.text)
            for c in doc.claims] == [
        ("jan-novak", "the new railway will double trade within a decade", "I")]


@pytest.mark.parametrize("text, front_matter", [
    # no byline in the body: the front matter alone does not make the author a speaker
    ("Trade corridors of the steppe\nThe region is changing fast. I am sure that the new "
     "railway will double trade within a decade.\n", {"author": "Jan Novak"}),
    # inside a quote the "I" is the quoted speaker's
    ('Trade corridors of the steppe\nby Jan Novak\n"I am sure that the new railway will '
     'double trade within a decade," a driver said.\n', {}),
])
def test_attribution_wire_first_person_needs_the_author_in_the_body(
        text: str, front_matter: dict) -> None:
    assert not any(c.claimant == "jan-novak" for c in run(text, front_matter=front_matter).claims)


@pytest.mark.parametrize("text, expected", [
    # the official, not the state the title names, speaks (two appositions)
    ("Ana Ruiz, President of Ruritania, chair of the Eurasian Forum, said that the talks "
     "went well.", [("ana-ruiz", "the talks went well")]),
    # a view reported with "as"
    ("Trade Minister Jan Novak sees the summit as a way to repair old ties.",
     [("jan-novak", "sees the summit as a way to repair old ties")]),
])
def test_attribution_wire_officials_and_views(text: str, expected: list) -> None:
    assert [(c[0], c[1]) for c in claims(text)] == expected


@pytest.mark.parametrize("text", [
    "Ruritania sees twenty million tourists a year.",  # no "as": not a view
    "The city saw heavy snow in March.",
])
def test_attribution_wire_seeing_without_as_is_no_view(text: str) -> None:
    assert claims(text) == []


def test_attribution_wire_inverted_cue_after_appositions_names_the_speaker_after_it() -> None:
    text = ("Trade Minister Jan Novak arrived on Monday. The forum, with its growing "
            "membership, will widen its agenda next year, said Jan Novak, the trade minister.")
    assert [c[0] for c in claims(text)] == ["jan-novak"]


@pytest.mark.parametrize("text, expected", [
    ('Trade Minister Jan Novak is reported to have said: "The corridor will never be '
     'finished on time."', ("jan-novak", "The corridor will never be finished on time", "direct")),
    ("Trade Minister Jan Novak is reported to have said that the corridor would never be "
     "finished on time.",
     ("jan-novak", "the corridor would never be finished on time", "indirect")),
    ("Trade Minister Jan Novak was quoted as saying that the corridor would never be finished "
     "on time.", ("jan-novak", "the corridor would never be finished on time", "indirect")),
    ("Trade Minister Jan Novak reportedly said that the corridor would never be finished on "
     "time.", ("jan-novak", "the corridor would never be finished on time", "indirect")),
])
def test_attribution_wire_second_hand_speech_keeps_the_speaker(text: str,
                                                               expected: tuple) -> None:
    assert claims(text) == [expected]


def test_attribution_wire_interview_labels_with_an_affiliation() -> None:
    text = ("Trade talk\n"
            "Ana Ruiz of the Riverton Review spoke to Jan Novak, the new trade envoy.\n"
            "Ana Ruiz, Riverton Review: You are the first envoy from the coast. What comes "
            "first?\n"
            "Jan Novak, Trade Envoy: The railway comes first. It will link six ports.\n"
            "Ana Ruiz, Riverton Review: And after that?\n"
            "Jan Novak (Trade Envoy): Customs rules will be the same in every member state.\n")
    doc = run(text, front_matter={"author": "Ana Ruiz"})  # the interviewer wrote it up
    check_spans(doc)
    found = [(c.claimant, c.content.text) for c in doc.claims]
    assert ("ana-ruiz", "You are the first envoy from the coast") in found
    assert ("jan-novak", "The railway comes first. It will link six ports") in found
    assert ("jan-novak", "Customs rules will be the same in every member state") in found
    assert not any(c == "ana-ruiz" and "?" in t for c, t in found)


def test_attribution_wire_only_one_sentence_runs_on() -> None:
    text = ("Jan Novak said that the corridor was ready. It will carry freight from the spring. "
            "The old line closed in 1990.")
    assert [c[1] for c in claims(text)] == ["the corridor was ready",
                                           "It will carry freight from the spring"]


@pytest.mark.parametrize("text, claimant", [
    # a catalogued state body set in lower case, in any of the shapes wire copy uses
    ("The drills will involve 3,000 troops, Russia's defence ministry said.",
     "ministry-of-defence-of-russia"),
    ("The drills will involve 3,000 troops, the Russian defense ministry said.",
     "ministry-of-defence-of-russia"),
    ("The drills will involve 3,000 troops, the ministry of defence of Russia said.",
     "ministry-of-defence-of-russia"),
    ("Talks will resume in May, the Chinese foreign ministry said.", "china-mfa"),
])
def test_attribution_wire_state_body_in_lower_case_is_the_speaker(text: str,
                                                                   claimant: str) -> None:
    assert {c[0] for c in claims(text)} == {claimant}


def test_attribution_wire_it_said_after_a_body_spoke_is_that_body() -> None:
    text = ("The Russian Defence Ministry said the drills would involve 3,000 troops. "
            "The exercise will last two weeks, it said. It added that new drones would fly.")
    assert [(c[0], c[1]) for c in claims(text)] == [
        ("ministry-of-defence-of-russia", "the drills would involve 3,000 troops"),
        ("ministry-of-defence-of-russia", "The exercise will last two weeks"),
        ("ministry-of-defence-of-russia", "new drones would fly")]


@pytest.mark.parametrize("text", [
    # "it" after a person spoke, or when nobody spoke, is nobody's speaker
    "Jan Novak said the drills would be long. The exercise will last two weeks, it said.",
    "The bridge was built in 1990. It said nothing about the drills in its report.",
])
def test_attribution_wire_it_is_a_body_only_after_a_body_spoke(text: str) -> None:
    assert not any(c[1].startswith("The exercise") or "report" in c[1] for c in claims(text)
                   if c[0] != "jan-novak")


def test_attribution_wire_medium_passing_on_speech_after_an_aside_is_no_claimant() -> None:
    text = ("Foreign Minister of Ruritania Jan Novak, who held talks with his counterpart on "
            "Thursday, told him the border was calm, according to a statement from the "
            "Chinese foreign ministry.")
    assert {c[0] for c in claims(text)} == {"jan-novak"}


@pytest.mark.parametrize("text, expected", [
    # a title set off after the name, before the cue
    ("Ruritania exported 40 billion dollars of wheat, Jan Novak, deputy minister of trade, "
     "said at a press conference.",
     ("jan-novak", "Ruritania exported 40 billion dollars of wheat")),
    ("Ruritania exported 40 billion dollars of wheat, Jan Novak, Ruritania's deputy minister "
     "of trade, told reporters.",
     ("jan-novak", "Ruritania exported 40 billion dollars of wheat")),
    # a title set off before the name, after a quote
    ("“We will open three consulates next year,” Ruritania’s Ambassador to Borduria, Ana Ruiz, "
     "told reporters on Saturday.", ("ana-ruiz", "We will open three consulates next year")),
    # a state and a body the catalogue lacks: the body speaks
    ('"Cooperation between our armies will deepen," the Kazakh Defense Ministry said.',
     ("defense-ministry-of-kazakhstan", "Cooperation between our armies will deepen")),
])
def test_attribution_wire_titles_set_off_by_commas_still_lead_to_the_speaker(
        text: str, expected: tuple[str, str]) -> None:
    assert [(c[0], c[1]) for c in claims(text)] == [expected]


@pytest.mark.parametrize("text, expected", [
    # stance nouns after "expressed" and a participle after "by" report speech
    ("Earlier, Ruritanian Defence Minister Piet Kramer expressed his surprise that Borduria "
     "was invited.", ("piet-kramer", "Borduria was invited")),
    ("Defence Minister Piet Kramer angered the hosts by denying that the border was closed.",
     ("piet-kramer", "the border was closed")),
    # a role description that calls on someone stands for the person named before it
    ("Ruritanian President Ivan Petrov spoke first. The Ruritanian leader also called on "
     "members to share water.", ("ivan-petrov", "members to share water")),
])
def test_attribution_wire_speech_acts_beyond_said(text: str, expected: tuple[str, str]) -> None:
    found = claims(text)
    assert [c[0] for c in found] == [expected[0]]
    assert expected[1] in found[0][1]


def test_attribution_wire_a_post_announced_at_the_end_of_a_paragraph_is_the_posters() -> None:
    text = ("The talks in Riverton ended on Friday with a joint statement.\n"
            "Prime Minister Jan Novak later posted on social media:\n"
            '"Our talks with Gondor were productive and we agreed to double trade."')
    assert [(c[0], c[1]) for c in claims(text)] == [
        ("jan-novak", "Our talks with Gondor were productive and we agreed to double trade")]


@pytest.mark.parametrize("text, expected", [
    # scraped copy mixes curly and straight marks; a mark where a quote ends closes it
    ('“We back the plan for the new corridor," Jan Novak said.',
     "We back the plan for the new corridor"),
    ('"We keep our embassy in Zemgrad open for now,“ Jan Novak said.',
     "We keep our embassy in Zemgrad open for now"),
    # a straight quote nested in a curly one still pairs with its own kind
    ('“He told me "no" twice today in the hall,” Jan Novak said.',
     'He told me "no" twice today in the hall'),
])
def test_attribution_wire_mixed_quote_marks_pair_by_position(text: str, expected: str) -> None:
    assert [(c[0], c[1]) for c in claims(text)] == [("jan-novak", expected)]


def test_attribution_wire_a_quote_paragraph_cut_by_the_copy_keeps_the_last_speaker() -> None:
    text = ("The talks in Riverton ended on Friday.\n\n"
            "The six members will sign a long-term treaty at the summit, Assistant Foreign "
            "Minister of Ruritania Jan Novak told a news briefing earlier.\n\n"
            '"The treaty will confirm the spirit of peace for generations to come and is of '
            "great significance to mutual trust and mutually [...]\n")
    found = run(text, upto="segmenting").claims
    assert [c.claimant for c in found] == ["jan-novak", "jan-novak"]
    assert found[1].content.text.startswith("The treaty will confirm the spirit of peace")


def test_attribution_wire_according_to_a_family_name_written_first() -> None:
    text = ("Vice Minister of Commerce of Ruritania Wen Lihua spoke at the forum on Monday. "
            "Trade with the bloc rose 12 percent last year, according to Wen.")
    assert [(c[0], c[1]) for c in claims(text)] == [
        ("wen-lihua", "Trade with the bloc rose 12 percent last year")]


@pytest.mark.parametrize("text, content", [
    # a denial does not assert its clause: the claim keeps the verb
    ("Defence Minister Jan Novak denied that the border with Gondor was closed.",
     "denied that the border with Gondor was closed"),
    ("Defence Minister Jan Novak angered the hosts by denying that the border with Gondor "
     "was closed.", "denying that the border with Gondor was closed"),
    ("Defence Minister Jan Novak said that the border with Gondor was closed.",
     "the border with Gondor was closed"),
])
def test_attribution_wire_a_denial_keeps_its_verb(text: str, content: str) -> None:
    assert [(c[0], c[1]) for c in claims(text)] == [("jan-novak", content)]


@pytest.mark.parametrize("text, claimant", [
    # armed services are organisations named with their demonym
    ("The Ruritanian Navy said the drills would last a week.", "ruritanian-navy"),
    ("The talks ended.\nTroops have already arrived in Gondor, the Ruritanian Air Force tweeted "
     "on Tuesday: “New place, new friends, a new language for all of us.”",
     "ruritanian-air-force"),
])
def test_attribution_wire_armed_services_speak(text: str, claimant: str) -> None:
    assert {c[0] for c in claims(text)} == {claimant}


@pytest.mark.parametrize("text", [
    ('Foreign Minister of Russia Jan Novak arrived in Riverton. "The adoption of a document '
     'on the arms convention is our joint result," Russia’s top diplomat said.'),
    ("Foreign Minister of Russia Jan Novak arrived in Riverton. The talks were useful and "
     "frank, Russia's foreign minister said."),
])
def test_attribution_wire_a_states_possessive_description_stands_for_its_officer(
        text: str) -> None:
    assert [c[0] for c in claims(text)] == ["jan-novak"]


def test_attribution_wire_a_report_cue_turned_round_names_an_uncatalogued_medium() -> None:
    text = ("The talks ended.\nEnergy proposals dominated the summit in Riverton, reports "
            "Steppe Wire.\nThe bloc will grow, reported Jan Novak.")
    assert [(c[0], c[1]) for c in claims(text)] == [
        ("steppe-wire", "Energy proposals dominated the summit in Riverton"),
        ("jan-novak", "The bloc will grow")]


def test_attribution_wire_said_here_is_an_adjunct_not_the_claim() -> None:
    text = ("The bloc will send monitors to Gondor next month, Foreign Minister Jan Novak said "
            "here in the Borduvian capital.")
    assert [(c[0], c[1]) for c in claims(text)] == [
        ("jan-novak", "The bloc will send monitors to Gondor next month")]


def test_attribution_wire_according_to_stops_at_a_semicolon() -> None:
    text = ('According to the news received by "Newsline"; At the official invitation of '
            "Tajikistan, Jan Novak will attend the summit of the Shanghai Cooperation "
            "Organization.")
    assert not any(c[0] == "tajikistan" for c in claims(text))


def test_attribution_wire_a_quote_cue_that_is_the_second_verb_of_the_sentence() -> None:
    text = ("The talks ended. Petra Kovac, Secretary of the Defence Council, met Ivan Horvat and "
            'tweeted: "The bloc is ready to admit our country as a full member."')
    assert [(c[0], c[1]) for c in claims(text)] == [
        ("petra-kovac", "The bloc is ready to admit our country as a full member")]


def test_attribution_wire_calling_for_after_a_comma_is_the_subjects_call() -> None:
    text = ("Defence Minister Jan Novak visited Borduria on Monday, calling for a united front "
            "against armed groups.")
    assert [(c[0], c[1]) for c in claims(text)] == [
        ("jan-novak", "a united front against armed groups")]


def test_attribution_wire_speech_closed_by_said_runs_on_into_the_next_sentence() -> None:
    text = ("The talks ended. Combating extremism is a priority for the centre, Director Jan "
            "Novak said. The centre has based its work on fighting such groups.")
    assert [(c[0], c[1]) for c in claims(text)] == [
        ("jan-novak", "Combating extremism is a priority for the centre"),
        ("jan-novak", "The centre has based its work on fighting such groups")]


def test_attribution_wire_a_source_named_last_credits_one_fact_only() -> None:
    text = ("Trade fell 29 percent in the first half, according to the Ruritanian Statistics "
            "Agency. It had reached a record $95 billion in 2014.")
    assert [c[1] for c in claims(text) if c[0] == "ruritanian-statistics-agency"] == [
        "Trade fell 29 percent in the first half"]


def test_attribution_wire_according_to_after_a_short_lead_in_credits_what_follows() -> None:
    text = ("Director Jan Novak spoke on Monday. As regards Gondor, according to Novak, since "
            "2010 its members have joined the talks.")
    assert [(c[0], c[1]) for c in claims(text)] == [
        ("jan-novak", "since 2010 its members have joined the talks")]


def test_attribution_wire_citing_a_concern_names_no_source() -> None:
    assert claims("Ruritania refused to sign the text, citing concerns that it favoured "
                  "Pakistan.") == []


@pytest.mark.parametrize("text, expected", [
    ("Crime is down in the region, Jan Novak, Russian Foreign Minister, said.",
     [("jan-novak", "Crime is down in the region")]),
    # a capitalised apposition without a title word is no title
    ("Crime is down in the region, Jan Novak, Riverton Daily, said.", []),
])
def test_attribution_wire_a_capitalised_title_set_off_after_the_name(
        text: str, expected: list) -> None:
    assert [(c[0], c[1]) for c in claims(text)] == expected


def test_attribution_wire_experts_in_a_list_of_titled_people_are_people() -> None:
    doc = run("We were met by Deputy Director Jan Novak, Senior Expert Karel Svoboda, and "
              "Expert Pavel Dvorak.", upto="mentions")
    assert {"jan-novak", "karel-svoboda", "pavel-dvorak"} <= {m.entity for m in doc.mentions}


def test_attribution_wire_adding_after_said_is_the_same_speakers() -> None:
    text = ("We met Expert Pavel Dvorak of the centre. When I asked about the Northern Union's "
            "list, Dvorak said that it remains a work in progress, adding that it focuses on "
            "organizations rather than individuals.")
    assert {c[0] for c in claims(text)} == {"pavel-dvorak"}
