//! Tests of the name table ([`super`]).

use super::*;

fn person(n: &str, c: u64) -> (Who, u64) {
    (Who::Actor(n.into(), Kind::Person), c)
}

fn table(raw: &[(Who, u64)]) -> NameTable {
    NameTable::build(raw, Aliases::builtin())
}

#[test]
fn a_surname_goes_to_the_one_full_name() {
    let t = table(&[person("Prescott", 3), person("John Prescott", 10), person("Mr Prescott", 1)]);
    assert_eq!(t.canonical("Prescott", Kind::Person).name, "John Prescott");
    assert_eq!(t.canonical("Mr Prescott", Kind::Person).name, "John Prescott");
}

#[test]
fn familiar_and_formal_given_names_are_one_person_with_their_surname() {
    let t = table(&[
        person("Vince Grebble", 4),
        person("Vincent Grebble", 2),
        person("Grebble", 3),
        person("Mr Grebble", 1),
    ]);
    for n in ["Vincent Grebble", "Grebble", "Mr Grebble"] {
        assert_eq!(t.canonical(n, Kind::Person).name, "Vince Grebble", "{n}");
    }
    // Another given name with the same surname is another person.
    let t = table(&[person("Vince Grebble", 4), person("Victor Grebble", 2)]);
    assert_eq!(t.canonical("Victor Grebble", Kind::Person).name, "Victor Grebble");
}

#[test]
fn a_score_after_a_persons_name_is_not_part_of_it() {
    let t = table(&[person("Jo Pellingham", 6), person("Pellingham 40-15", 2)]);
    assert_eq!(t.canonical("Pellingham 40-15", Kind::Person).name, "Jo Pellingham");
    // A lone common word before a number is a programme's title, not a surname.
    let t = table(&[person("Film 2005", 4), person("Grebble 2", 1), person("Anna Grebble", 5)]);
    assert_eq!(t.canonical("Film 2005", Kind::Person).name, "Film 2005");
    assert_eq!(t.canonical("Grebble 2", Kind::Person).name, "Anna Grebble");
    let org = (Who::Actor("Channel 4".into(), Kind::Org), 3);
    assert_eq!(table(&[org]).canonical("Channel 4", Kind::Org).name, "Channel 4");
}

#[test]
fn an_ambiguous_surname_goes_only_where_more_likely_than_not() {
    // Anna 10 against Bob 8 and Carol 5: not an even chance.
    let t = table(&[
        person("Smith", 3),
        person("Anna Smith", 10),
        person("Bob Smith", 8),
        person("Carol Smith", 5),
    ]);
    assert_eq!(t.canonical("Smith", Kind::Person).name, "Smith");
    let t = table(&[person("Smith", 3), person("Anna Smith", 10), person("Bob Smith", 10)]);
    assert_eq!(t.canonical("Smith", Kind::Person).name, "Smith");
    let t = table(&[person("Smith", 3), person("Anna Smith", 10), person("Bob Smith", 9)]);
    assert_eq!(t.canonical("Smith", Kind::Person).name, "Anna Smith");
}

#[test]
fn a_lone_given_name_weighs_the_people_it_begins() {
    // "Charles" may be Ray Charles's surname or Charles Kennedy's given name.
    let t =
        table(&[person("Charles", 4), person("Ray Charles", 30), person("Charles Kennedy", 90)]);
    assert_eq!(t.canonical("Charles", Kind::Person).name, "Charles");
    // A surname that is also a given name still goes to the person it mostly names.
    let t =
        table(&[person("Howard", 4), person("Michael Howard", 200), person("Howard Hughes", 14)]);
    assert_eq!(t.canonical("Howard", Kind::Person).name, "Michael Howard");
}

#[test]
fn the_table_does_not_depend_on_the_order_of_its_input() {
    let make = || {
        vec![
            person("Keane", 9),
            person("Roy Keane", 5),
            person("Robbie Keane", 2),
            person("Charles", 4),
            person("Ray Charles", 30),
            person("Charles Kennedy", 90),
            person("Kennedy", 3),
            person("George Bush", 2),
            person("George W. Bush", 7),
            person("Bush", 6),
            (Who::Speaker("Bush".into()), 2),
        ]
    };
    let raw = make();
    let names = |t: &NameTable| {
        let mut v: Vec<(String, String)> = raw
            .iter()
            .map(|(w, _)| match w {
                Who::Actor(n, k) => (n.clone(), t.canonical(n, *k).name),
                Who::Speaker(n) => (n.clone(), t.speaker(n)),
            })
            .collect();
        v.sort();
        v
    };
    let forward = names(&table(&raw));
    let mut reversed = make();
    reversed.reverse();
    assert_eq!(forward, names(&table(&reversed)));
    let mut rotated = make();
    rotated.rotate_left(4);
    assert_eq!(forward, names(&table(&rotated)));
    assert!(forward.contains(&("Bush".into(), "George W. Bush".into())), "{forward:?}");
    assert!(forward.contains(&("Keane".into(), "Roy Keane".into())), "{forward:?}");
}

#[test]
fn a_company_speaker_stays_the_company_unless_a_person_outweighs_it() {
    let t = table(&[
        (Who::Actor("Disney".into(), Kind::Org), 15),
        (Who::Speaker("Disney".into()), 4),
        person("Roy Disney", 3),
        (Who::Actor("Fox".into(), Kind::Org), 11),
        (Who::Speaker("Fox".into()), 2),
        person("Liam Fox", 29),
        person("Chris Fox", 4),
    ]);
    assert_eq!(t.speaker("Disney"), "Disney");
    assert_eq!(t.speaker("Fox"), "Liam Fox");
}

#[test]
fn clauses_letters_and_roles_are_not_part_of_a_name() {
    let t = table(&[
        (Who::Actor("Guy Smith QC".into(), Kind::Org), 4),
        person("Guy Smith", 1),
        person("John Prescott - were", 3),
        person("John Prescott", 9),
        person("Slovakian Daniela Hantuchova", 1),
        person("Daniela Hantuchova", 5),
        person("Backbencher Stephen Pound", 1),
        person("Stephen Pound", 2),
        person("Jose Manuel Barroso", 2),
    ]);
    let c = t.canonical("Guy Smith QC", Kind::Org);
    assert_eq!((c.name.as_str(), c.kind), ("Guy Smith", Kind::Person));
    assert_eq!(t.canonical("John Prescott - were", Kind::Person).name, "John Prescott");
    let c = t.canonical("Slovakian Daniela Hantuchova", Kind::Person);
    assert_eq!(c.name, "Daniela Hantuchova");
    let c = t.canonical("Backbencher Stephen Pound", Kind::Person);
    assert_eq!(c.name, "Stephen Pound");
    let c = t.canonical("Jose Manuel Barroso", Kind::Person);
    assert_eq!(c.name, "Jose Manuel Barroso");
}

#[test]
fn a_womans_title_and_surname_is_no_mans_full_name() {
    let t = table(&[person("Arthur Penrose", 20), person("Mrs Penrose", 2)]);
    assert_eq!(t.canonical("Mrs Penrose", Kind::Person).name, "Mrs Penrose");
    let t = table(&[
        person("Arthur Penrose", 20),
        person("Helen Penrose", 3),
        person("Mrs Penrose", 2),
        person("Mr Penrose", 2),
    ]);
    assert_eq!(t.canonical("Mrs Penrose", Kind::Person).name, "Helen Penrose");
    assert_eq!(t.canonical("Mr Penrose", Kind::Person).name, "Arthur Penrose");
}

#[test]
fn an_organisation_name_cut_short_is_the_one_it_starts() {
    let org = |n: &str, c: u64| (Who::Actor(n.into(), Kind::Org), c);
    let t = table(&[org("Norilskgaz", 9), org("Norilsk", 2), org("Vostok", 3)]);
    assert_eq!(t.canonical("Norilsk", Kind::Org).name, "Norilskgaz");
    // A short name used more than the longer one is a name of its own.
    let t = table(&[org("Corvex", 9), org("Corvexion", 2)]);
    assert_eq!(t.canonical("Corvex", Kind::Org).name, "Corvex");
    // Two longer names: no telling which one.
    let t = table(&[org("Vostok", 3), org("Vostokbank", 2), org("Vostokneft", 2)]);
    assert_eq!(t.canonical("Vostok", Kind::Org).name, "Vostok");
    // Unless they are one name spelt two ways: both and the short form are the most used.
    let t = table(&[
        org("Norilskneftegas", 9),
        org("Norilskneftegaz", 3),
        org("Norilskneftgas", 1),
        org("Norilsk", 4),
    ]);
    for n in ["Norilskneftegaz", "Norilskneftgas", "Norilsk"] {
        assert_eq!(t.canonical(n, Kind::Org).name, "Norilskneftegas", "{n}");
    }
    // Two letters apart, or short names one letter apart, are two names.
    let t = table(&[org("Telenorva", 5), org("Telenorsk", 3), org("Ardex", 4), org("Ardel", 2)]);
    assert_eq!(t.canonical("Telenorsk", Kind::Org).name, "Telenorsk");
    assert_eq!(t.canonical("Ardel", Kind::Org).name, "Ardel");
}

#[test]
fn an_initial_and_a_surname_is_the_person_with_that_given_name() {
    let place = |n: &str, c: u64| (Who::Actor(n.into(), Kind::Place), c);
    let t = table(&[
        person("Gareth Pimbley", 5),
        person("G Pimbley", 4),
        place("T Pimbley", 2),
        person("Tomas Pimbley", 1),
        person("R Pimbley", 3),
    ]);
    assert_eq!(t.canonical("G Pimbley", Kind::Person).name, "Gareth Pimbley");
    // Whatever kind its paragraphs gave it, an initial and a surname is a person's.
    let c = t.canonical("T Pimbley", Kind::Place);
    assert_eq!((c.name.as_str(), c.kind), ("Tomas Pimbley", Kind::Person));
    // No one of the index has that initial: it stays as written.
    assert_eq!(t.canonical("R Pimbley", Kind::Person).name, "R Pimbley");
    // Two people with the initial, even of unlike weight: no telling which.
    let t = table(&[person("Dan Quorrel", 9), person("Dave Quorrel", 2), person("D Quorrel", 2)]);
    assert_eq!(t.canonical("D Quorrel", Kind::Person).name, "D Quorrel");
}

#[test]
fn labels_and_aliases() {
    let t = table(&[
        person("Tory Liam Fox", 1),
        person("Liam Fox", 5),
        person("Fox", 2),
        (Who::Actor("US".into(), Kind::Place), 9),
        (Who::Actor("America".into(), Kind::Place), 2),
        (Who::Actor("United States".into(), Kind::Org), 1),
        person("Lib Dems", 2),
    ]);
    assert_eq!(t.canonical("Tory Liam Fox", Kind::Person).name, "Liam Fox");
    assert_eq!(t.canonical("Fox", Kind::Person).name, "Liam Fox");
    for n in ["US", "America", "United States"] {
        let c = t.canonical(n, Kind::Org);
        assert_eq!((c.name.as_str(), c.kind), ("United States", Kind::Place), "{n}");
    }
    let c = t.canonical("Lib Dems", Kind::Person);
    assert_eq!((c.name.as_str(), c.kind), ("Liberal Democrats", Kind::Org));
}

#[test]
fn filters_match_words_as_a_subset() {
    let t = table(&[
        person("George W. Bush", 5),
        person("Pelé", 1),
        person("Prescott", 1),
        person("John Prescott", 4),
        (Who::Actor("America".into(), Kind::Place), 2),
    ]);
    assert_eq!(t.matching_any("george bush"), ["George W. Bush"]);
    assert_eq!(t.matching_any("pele"), ["Pelé"]);
    assert_eq!(t.matching_any("PRESCOTT"), ["John Prescott", "Prescott"]);
    assert_eq!(t.matching_any("u.s."), ["America"]);
    assert!(t.matching_any("bush george w. x").is_empty());
}

fn org(n: &str, c: u64) -> (Who, u64) {
    (Who::Actor(n.into(), Kind::Org), c)
}

#[test]
fn a_one_word_name_no_person_explains_is_the_organisation_its_cues_say() {
    // A club, a firm, a band: read as an organisation in a quarter of its paragraphs, and no
    // full person name with that last word as often.
    let t = table(&[person("Grimbleton", 15), org("Grimbleton", 6), person("Ann Grimbleton", 1)]);
    assert_eq!(t.canonical("Grimbleton", Kind::Person).kind, Kind::Org);
    // A surname the index knows in full stays the person's ("Keane" is Roy and Robbie Keane).
    let t = table(&[
        person("Quane", 10),
        org("Quane", 8),
        person("Roy Quane", 5),
        person("Rob Quane", 4),
    ]);
    assert_eq!(t.canonical("Quane", Kind::Person).kind, Kind::Person);
    // Fewer cues than a quarter: a singer who goes by one name stays a person.
    let t = table(&[person("Zanzibella", 12), org("Zanzibella", 1)]);
    assert_eq!(t.canonical("Zanzibella", Kind::Person).kind, Kind::Person);
    // The short form of the one body whose name it begins.
    let t = table(&[person("Quorbal", 9), org("Quorbal Finance Group", 4)]);
    assert_eq!(t.canonical("Quorbal", Kind::Person).kind, Kind::Org);
    // A known given name alone is a person's.
    let t = table(&[person("Tiago", 3), org("Tiago", 1), org("Tiago Holdings Group", 2)]);
    assert_eq!(t.canonical("Tiago", Kind::Person).kind, Kind::Person);
}

fn place(n: &str, c: u64) -> (Who, u64) {
    (Who::Actor(n.into(), Kind::Place), c)
}

#[test]
fn a_party_taken_for_a_person_is_the_party_not_its_last_word() {
    let t = table(&[
        person("Conservative Party", 6),
        org("Conservative Party", 2),
        person("Labour Party", 3),
        person("Green Party", 2),
        person("Tory Liam Fox", 1),
    ]);
    let c = t.canonical("Conservative Party", Kind::Person);
    assert_eq!((c.name.as_str(), c.kind), ("Conservative Party", Kind::Org));
    let c = t.canonical("Labour Party", Kind::Person);
    assert_eq!((c.name.as_str(), c.kind), ("Labour Party", Kind::Org));
    // No alias: a label before an organisation's word is still no title of a person "Party".
    assert_eq!(t.canonical("Green Party", Kind::Person).name, "Green Party");
    assert_eq!(t.canonical("Tory Liam Fox", Kind::Person).name, "Liam Fox");
}

#[test]
fn a_country_has_the_name_the_hand_kept_aliases_give_it() {
    // The generated list calls it "The Netherlands", the hand-kept one "Netherlands".
    let t = table(&[place("Netherlands", 9), place("The Netherlands", 2), place("Holland", 3)]);
    for n in ["Netherlands", "The Netherlands", "Holland"] {
        let c = t.canonical(n, Kind::Place);
        assert_eq!((c.name.as_str(), c.kind), ("Netherlands", Kind::Place), "{n}");
    }
}

#[test]
fn a_based_adjective_is_the_place_it_is_formed_from() {
    let t = table(&[place("Leeds", 9), place("Leeds-based", 2), org("Frobnitz", 3)]);
    assert_eq!(t.canonical("Leeds-based", Kind::Place).name, "Leeds");
}

#[test]
fn an_acronym_is_the_name_the_index_mostly_spells_out() {
    let t = table(&[
        org("Grand Union of Widget Makers", 9),
        org("GUWM", 3),
        // Initials of a name with an acronym in it do not count ("BBC Three" is no "BT").
        org("QRS Three", 9),
        org("QT", 2),
        // An acronym used more than a look-alike expansion is its own name.
        org("NBX", 12),
        org("Norwegian Broadcasting Xchange", 1),
        // Two bodies with the same initials, as often: neither.
        org("Federal Widget Office", 5),
        org("Fine Wine Order", 5),
        org("FWO", 1),
    ]);
    assert_eq!(t.canonical("GUWM", Kind::Org).name, "Grand Union of Widget Makers");
    assert_eq!(t.canonical("QT", Kind::Org).name, "QT");
    assert_eq!(t.canonical("NBX", Kind::Org).name, "NBX");
    assert_eq!(
        t.canonical("Norwegian Broadcasting Xchange", Kind::Org).name,
        "Norwegian Broadcasting Xchange"
    );
    assert_eq!(t.canonical("FWO", Kind::Org).name, "FWO");
}

#[test]
fn a_description_before_a_name_and_an_organisations_last_word() {
    let t = table(&[
        person("Rapper Zeke Quillon", 2),
        person("Zeke Quillon", 5),
        person("Veteran Mo Dabbs", 1),
        person("Widget Safety Agency", 3),
        person("Sunday Herald", 2),
    ]);
    assert_eq!(t.canonical("Rapper Zeke Quillon", Kind::Person).name, "Zeke Quillon");
    assert_eq!(t.canonical("Veteran Mo Dabbs", Kind::Person).name, "Mo Dabbs");
    for n in ["Widget Safety Agency", "Sunday Herald"] {
        let c = t.canonical(n, Kind::Person);
        assert_eq!((c.name.as_str(), c.kind), (n, Kind::Org), "{n}");
    }
    // A given name first is the name's own ("Rose Quillon" keeps her given name).
    let t = table(&[person("Rose Ann Quillon", 2), person("National Institute of Widgets", 1)]);
    assert_eq!(t.canonical("Rose Ann Quillon", Kind::Person).name, "Rose Ann Quillon");
    // A body's name with "of" in it is no description before a person's name.
    let c = t.canonical("National Institute of Widgets", Kind::Person);
    assert_eq!(c.name, "National Institute of Widgets");
}
