//! A doctor's earnings: money paid for their appointments, by the day it arrived, less refunds by the day
//! they went back, in the doctor's zone; one month by day, and the twelve months up to it.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use uuid::Uuid;

use crate::error::AppError;
use crate::model::ledger::{Earnings, EarningsLine};
use crate::model::money::{format_money, Currency};
use crate::server::scheduling::rules::zone;
use crate::server::AppState;

/// Paid and refunded minor units per currency, and how many payments arrived.
#[derive(Debug, Default, Clone)]
struct Sums {
    payments: i64,
    paid: BTreeMap<Currency, i64>,
    refunded: BTreeMap<Currency, i64>,
}

impl Sums {
    fn line(&self, label: String) -> EarningsLine {
        let show = |m: &BTreeMap<Currency, i64>| {
            if m.values().all(|v| *v == 0) {
                return "—".to_string();
            }
            m.iter().filter(|(_, v)| **v != 0).map(|(c, v)| format_money(*v, *c)).collect::<Vec<_>>().join(" + ")
        };
        let mut net = self.paid.clone();
        for (c, v) in &self.refunded {
            *net.entry(*c).or_default() -= v;
        }
        EarningsLine {
            label,
            payments: self.payments,
            paid_label: show(&self.paid),
            refunded_label: show(&self.refunded),
            net_label: show(&net),
        }
    }
}

/// `month` (`YYYY-MM`, empty for the current one) for the doctor signed in as `user`.
pub async fn earnings(state: &AppState, user: Uuid, month: &str) -> Result<Earnings, AppError> {
    let d = sqlx::query!("select id, time_zone from doctors where user_id = $1", user)
        .fetch_optional(&state.db)
        .await?
        .ok_or(AppError::NotFound("Doctor profile".into()))?;
    let tz = zone(&d.time_zone);
    let today = state.clock.now().with_timezone(&tz).date_naive();
    let this_month = today.with_day(1).unwrap_or(today);
    let first = if month.trim().is_empty() {
        this_month
    } else {
        NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d")
            .map_err(|_| AppError::field("month", "Use a month like 2026-12."))?
    };
    let after = first + Months::new(1);
    let year_start = first - Months::new(11);
    let instant = |day: NaiveDate| -> DateTime<Utc> {
        day.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(tz).earliest())
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    };
    // Money in (the first `succeeded` of each payment) and money back (refunds that went through).
    let moves = sqlx::query!(
        r#"select e.at as "at!", p.amount_minor as "amount!", p.currency as "currency!: Currency", true as "paid!"
           from payment_events e join payments p on p.id = e.payment_id join appointments a on a.id = p.appointment_id
           where a.doctor_id = $1 and e.to_status = 'succeeded' and e.at >= $2 and e.at < $3
             and not exists (select 1 from payment_events x
                             where x.payment_id = e.payment_id and x.to_status = 'succeeded' and x.id < e.id)
           union all
           select r.settled_at, r.amount_minor, p.currency, false
           from refunds r join payments p on p.id = r.payment_id join appointments a on a.id = p.appointment_id
           where a.doctor_id = $1 and r.status = 'succeeded' and r.settled_at >= $2 and r.settled_at < $3"#,
        d.id,
        instant(year_start),
        instant(after)
    )
    .fetch_all(&state.db)
    .await?;
    let mut days: BTreeMap<NaiveDate, Sums> = BTreeMap::new();
    let mut months: BTreeMap<NaiveDate, Sums> = BTreeMap::new();
    for m in moves {
        let day = m.at.with_timezone(&tz).date_naive();
        let month_of = day.with_day(1).unwrap_or(day);
        for sums in [months.entry(month_of).or_default(), days.entry(day).or_default()] {
            if m.paid {
                sums.payments += 1;
                *sums.paid.entry(m.currency).or_default() += m.amount;
            } else {
                *sums.refunded.entry(m.currency).or_default() += m.amount;
            }
        }
    }
    let month_total = months.get(&first).cloned().unwrap_or_default().line("Total".into());
    let mut year = Vec::new();
    let mut m = first;
    while m >= year_start {
        year.push(months.get(&m).cloned().unwrap_or_default().line(m.format("%b %Y").to_string()));
        m = m - Months::new(1);
    }
    Ok(Earnings {
        month: first.format("%Y-%m").to_string(),
        month_label: first.format("%B %Y").to_string(),
        previous: (first - Months::new(1)).format("%Y-%m").to_string(),
        next: (first < this_month).then(|| after.format("%Y-%m").to_string()),
        days: days.range(first..after).rev().map(|(d, s)| s.line(d.format("%a %-d %b").to_string())).collect(),
        month_total,
        months: year,
    })
}
