//! A generator's warnings as a person reads them above the code: near-identical notes (the same
//! thing said of many tables, "trigger … is not represented in Prisma" seventeen times) become one
//! group with a count, shown collapsed; notes said once stay as they are.
//!
//! A note is `subject: text` (the subject a table or object name) or plain text. Two notes are
//! alike when their texts open with the same word and end with the same three words; the group's
//! label keeps the words all its notes share and puts "…" where they differ.

/// One line of the warnings list: a single note, or a group of alike notes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteGroup {
    /// The note itself (one note), or what the group's notes share ("trigger … is not
    /// represented in Prisma").
    pub label: String,
    /// The notes, in their order.
    pub items: Vec<String>,
    /// How many different subjects (tables) the notes are about.
    pub subjects: usize,
}

/// Notes of one kind are grouped from this many on.
pub const GROUP_FROM: usize = 3;

/// The subject and text of a note (`users: trigger t …` → `users`, `trigger t …`).
fn split(note: &str) -> (Option<&str>, &str) {
    match note.split_once(": ") {
        Some((subject, text)) if !subject.is_empty() && !subject.contains(' ') => (Some(subject), text),
        _ => (None, note),
    }
}

fn key(text: &str) -> (String, Vec<String>) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let first = words.first().copied().unwrap_or("").to_string();
    let last = words.iter().rev().take(3).rev().map(|w| w.to_string()).collect();
    (first, last)
}

/// Groups `notes` (see the module doc), in the order their first note appears.
pub fn group(notes: &[String]) -> Vec<NoteGroup> {
    let mut order: Vec<(String, Vec<String>)> = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (i, n) in notes.iter().enumerate() {
        let k = key(split(n).1);
        match order.iter().position(|o| *o == k) {
            Some(g) => members[g].push(i),
            None => {
                order.push(k);
                members.push(vec![i]);
            }
        }
    }
    let mut out = Vec::new();
    for m in members {
        if m.len() < GROUP_FROM {
            out.extend(m.into_iter().map(|i| NoteGroup { label: notes[i].clone(), items: vec![notes[i].clone()], subjects: 1 }));
            continue;
        }
        let items: Vec<String> = m.iter().map(|&i| notes[i].clone()).collect();
        let mut subjects: Vec<&str> = items.iter().filter_map(|n| split(n).0).collect();
        subjects.sort_unstable();
        subjects.dedup();
        out.push(NoteGroup { label: label(&items), subjects: subjects.len().max(1), items });
    }
    out
}

/// The words every note's text opens and ends with, "…" between.
fn label(items: &[String]) -> String {
    let texts: Vec<Vec<&str>> = items.iter().map(|n| split(n).1.split_whitespace().collect()).collect();
    let shortest = texts.iter().map(Vec::len).min().unwrap_or(0);
    let head = (0..shortest).take_while(|&i| texts.iter().all(|t| t[i] == texts[0][i])).count();
    let tail = (0..shortest - head).take_while(|&i| texts.iter().all(|t| t[t.len() - 1 - i] == texts[0][texts[0].len() - 1 - i])).count();
    let first = &texts[0];
    if head + tail == first.len() && texts.iter().all(|t| t == first) {
        return first.join(" ");
    }
    let mut parts: Vec<&str> = first[..head].to_vec();
    parts.push("…");
    parts.extend_from_slice(&first[first.len() - tail..]);
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn repeated_notes_become_one_group_with_their_count() {
        let mut v: Vec<String> = (0..17).map(|i| format!("t{i}: trigger last_updated is not represented in Prisma")).collect();
        v.insert(3, "users: the table has no primary key or unique key Prisma can use, so the model is @@ignore'd".into());
        let g = group(&v);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].label, "trigger last_updated is not represented in Prisma");
        assert_eq!((g[0].items.len(), g[0].subjects), (17, 17));
        assert_eq!(g[1].items.len(), 1);
        assert_eq!(g[1].label, v[3]);
        // every note is in exactly one group
        assert_eq!(g.iter().map(|g| g.items.len()).sum::<usize>(), v.len());
    }

    #[test]
    fn the_label_keeps_the_shared_words() {
        let v = notes(&[
            "a: expression index ia on (lower(x)) is not supported by Prisma",
            "b: expression index ib on (y || z) is not supported by Prisma",
            "b: expression index ic on (w) is not supported by Prisma",
        ]);
        let g = group(&v);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].label, "expression index … is not supported by Prisma");
        assert_eq!(g[0].subjects, 2);
    }

    #[test]
    fn different_notes_and_small_runs_stay_apart() {
        let v = notes(&["a: trigger t is not represented in Prisma", "b: trigger u is not represented in Prisma", "view v is not represented", "plain note without subject"]);
        let g = group(&v);
        assert_eq!(g.iter().map(|g| g.items.len()).collect::<Vec<_>>(), vec![1, 1, 1, 1]);
        assert_eq!(g.iter().map(|g| g.label.as_str()).collect::<Vec<_>>(), v.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(group(&[]).is_empty());
    }
}
