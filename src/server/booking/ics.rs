//! iCalendar (RFC 5545) rendering: one appointment as an attachment or download, and a doctor's feed.

use chrono::{DateTime, Utc};

use crate::model::booking::{AppointmentStatus, AppointmentView, ConsultationMode};

/// One VEVENT's facts.
pub struct Event<'a> {
    pub view: &'a AppointmentView,
    /// "Visit with Dr. X" for the patient, "Patient name — type" for the doctor.
    pub summary: String,
    pub host: &'a str,
    pub stamp: DateTime<Utc>,
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT value escaping (backslash, semicolon, comma, newline).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Lines longer than 75 octets are folded (CRLF + space), never inside a UTF-8 character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn vevent(e: &Event<'_>, out: &mut String) {
    let v = e.view;
    let status = match v.status {
        AppointmentStatus::Cancelled | AppointmentStatus::Expired => "CANCELLED",
        AppointmentStatus::Pending | AppointmentStatus::Held | AppointmentStatus::AwaitingPayment => "TENTATIVE",
        _ => "CONFIRMED",
    };
    let location = match (v.mode, &v.meeting_url) {
        (ConsultationMode::Video, Some(url)) => url.clone(),
        (ConsultationMode::Video, None) => "Video call (link follows on confirmation)".into(),
        (ConsultationMode::InPerson, _) => v.place.clone(),
    };
    let mut description = format!("{} with {} for {}.", v.type_name, v.doctor_name, v.patient_name);
    if let Some(url) = &v.meeting_url {
        description.push_str(&format!("\nJoin: {url}"));
    }
    for line in [
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}@{}", v.id, e.host),
        format!("DTSTAMP:{}", utc(e.stamp)),
        format!("DTSTART:{}", utc(v.starts_at)),
        format!("DTEND:{}", utc(v.ends_at)),
        format!("SUMMARY:{}", text(&e.summary)),
        format!("LOCATION:{}", text(&location)),
        format!("DESCRIPTION:{}", text(&description)),
        format!("STATUS:{status}"),
        "END:VEVENT".to_string(),
    ] {
        fold(&line, out);
    }
}

/// A complete calendar with `events`.
pub fn calendar(name: &str, events: &[Event<'_>]) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Carebook//Appointments//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        fold(line, &mut out);
    }
    fold(&format!("X-WR-CALNAME:{}", text(name)), &mut out);
    for e in events {
        vevent(e, &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::booking::AppointmentStatus;

    fn view() -> AppointmentView {
        let start = DateTime::parse_from_rfc3339("2026-11-23T09:30:00Z").unwrap().with_timezone(&Utc);
        AppointmentView {
            id: uuid::Uuid::nil(),
            doctor_name: "Dr. Amara Okafor".into(),
            doctor_slug: "dr-amara-okafor".into(),
            patient_name: "Pat, the Demo; patient".into(),
            type_id: uuid::Uuid::nil(),
            type_name: "Video consultation".into(),
            location: None,
            mode: ConsultationMode::Video,
            place: String::new(),
            starts_at: start,
            ends_at: start + chrono::Duration::minutes(20),
            when_label: String::new(),
            time_zone: "UTC".into(),
            status: AppointmentStatus::Confirmed,
            reason: "x".into(),
            notes: String::new(),
            fee_label: "$80".into(),
            meeting_url: Some("https://meet.example.test/carebook-0123456789abcdef0123456789abcdef".into()),
            hold_expires_at: None,
            can_change: true,
            history: vec![],
        }
    }

    #[test]
    fn renders_a_valid_event() {
        let v = view();
        let ics = calendar(
            "Carebook",
            &[Event { view: &v, summary: "Visit, Dr. Okafor".into(), host: "carebook.test", stamp: v.starts_at }],
        );
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART:20261123T093000Z\r\n") && ics.contains("DTEND:20261123T095000Z\r\n"));
        assert!(ics.contains("SUMMARY:Visit\\, Dr. Okafor\r\n"));
        assert!(ics.contains("STATUS:CONFIRMED"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "unfolded line: {line}");
        }
        // Unfolding restores the description with the escaped patient name and the link.
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("for Pat\\, the Demo\\; patient.\\nJoin: https://meet.example.test/carebook-0123"));
    }
}
