//! `carebook bench …` (builds with `--features bench` only): benchmark fixtures and the references the
//! benchmarks compare against. Run by `scripts/bench.sh`.

use anyhow::{bail, Result};

use super::config::Config;
use super::{db, seed};

/// Run one bench command (`args` after `bench`).
pub async fn run(config: &Config, args: &[&str]) -> Result<()> {
    match args {
        ["argon2", threads, seconds] => {
            let (threads, seconds): (usize, f64) = (threads.parse()?, seconds.parse()?);
            let rate =
                tokio::task::spawn_blocking(move || super::auth::password::verify_rate(threads, seconds)).await?;
            println!("{rate:.2}");
            Ok(())
        }
        ["seed-doctors", n] => {
            let pool = db::connect(config, &db::DbHealth::default()).await?;
            let total = seed::bench::doctors(&pool, n.parse()?).await?;
            println!("{total}");
            Ok(())
        }
        ["slots", rounds] => {
            let rounds: u32 = rounds.parse()?;
            let us = tokio::task::spawn_blocking(move || super::scheduling::slots::bench_sixty_days(rounds)).await?;
            println!("{us:.1}");
            Ok(())
        }
        ["booking-setup", dir, per_list] => {
            let pool = db::connect(config, &db::DbHealth::default()).await?;
            let (http, raw) = seed::booking_bench::setup(&pool, std::path::Path::new(dir), per_list.parse()?).await?;
            println!("{http} {raw}");
            Ok(())
        }
        ["webhook-setup", dir, per_list, secret] => {
            let pool = db::connect(config, &db::DbHealth::default()).await?;
            let dir = std::path::Path::new(dir);
            let (http, raw) = seed::webhook_bench::setup(&pool, dir, per_list.parse()?, secret).await?;
            println!("{http} {raw}");
            Ok(())
        }
        ["reminders", n] => {
            let pool = db::connect(config, &db::DbHealth::default()).await?;
            let (n, jobs, raw) = seed::reminder_bench::run(&pool, config.clone(), n.parse()?).await?;
            println!("{n} {jobs:.1} {raw:.1}");
            Ok(())
        }
        ["search", rounds] => {
            let health = db::DbHealth::default();
            let pool = db::SearchDb::new(&db::connect(config, &health).await?, 2, health);
            let (p50, p95, p99) = seed::bench::search_latency(&pool, rounds.parse()?).await?;
            println!("{p50:.2} {p95:.2} {p99:.2}");
            Ok(())
        }
        _ => bail!("unknown bench command"),
    }
}
