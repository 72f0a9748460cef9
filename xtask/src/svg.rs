//! A horizontal bar chart, written as an SVG string by hand: one bar per
//! measurement, grouped by workload and parameter, on a linear axis, or a
//! logarithmic one when the slowest bar is more than 10× the fastest.

use std::fmt::Write as _;

use crate::data::Kind;
use crate::report::{Block, format_time, label};

const WIDTH: f64 = 820.0;
const LABEL: f64 = 330.0;
const BARS: f64 = 380.0;
const ROW: f64 = 16.0;
const GAP: f64 = 10.0;
const TOP: f64 = 52.0;

fn color(kind: Kind) -> &'static str {
    match kind {
        Kind::Ours => "#d95f02",
        Kind::RustPeer => "#7570b3",
        Kind::CPython => "#1b9e77",
        Kind::Baseline => "#999999",
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The axis: maps seconds to a bar length in `0..=BARS`.
struct Scale {
    log: bool,
    low: f64,
    high: f64,
}

impl Scale {
    fn new(min: f64, max: f64) -> Scale {
        if max / min > 10.0 {
            Scale {
                log: true,
                low: 10f64.powf(min.log10().floor()),
                high: 10f64.powf(max.log10().ceil()),
            }
        } else {
            Scale {
                log: false,
                low: 0.0,
                high: max * 1.05,
            }
        }
    }

    fn x(&self, seconds: f64) -> f64 {
        let fraction = if self.log {
            (seconds / self.low).log10() / (self.high / self.low).log10()
        } else {
            seconds / self.high
        };
        // A bar is never thinner than a hairline.
        (fraction * BARS).clamp(1.0, BARS)
    }

    fn ticks(&self) -> Vec<f64> {
        if self.log {
            let mut ticks = Vec::new();
            let mut t = self.low;
            while t <= self.high * 1.0001 {
                ticks.push(t);
                t *= 10.0;
            }
            ticks
        } else {
            (0..=4).map(|i| self.high * f64::from(i) / 4.0).collect()
        }
    }
}

pub(crate) fn chart(area: &str, blocks: &[Block<'_>]) -> String {
    let values: Vec<f64> = blocks
        .iter()
        .flat_map(|b| b.rows.iter().map(|m| m.seconds))
        .filter(|s| *s > 0.0)
        .collect();
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(0.0, f64::max);
    let scale = Scale::new(min.min(max), max.max(f64::MIN_POSITIVE));
    let rows: usize = blocks.iter().map(|b| b.rows.len()).sum();
    let height = TOP + rows as f64 * ROW + blocks.len() as f64 * GAP + 30.0;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(
        svg,
        r#"<rect width="100%" height="100%" fill="white"/><text x="8" y="16" font-size="13" font-weight="bold">{}: time per operation ({} scale, shorter is faster)</text>"#,
        escape(area),
        if scale.log { "log" } else { "linear" }
    );
    for (i, (kind, name)) in [
        (Kind::Ours, "ours"),
        (Kind::RustPeer, "Rust peer"),
        (Kind::CPython, "CPython"),
        (Kind::Baseline, "baseline"),
    ]
    .into_iter()
    .enumerate()
    {
        let x = 8.0 + i as f64 * 110.0;
        let _ = writeln!(
            svg,
            r#"<rect x="{x}" y="24" width="10" height="10" fill="{}"/><text x="{}" y="33">{name}</text>"#,
            color(kind),
            x + 14.0
        );
    }
    let bottom = height - 24.0;
    for tick in scale.ticks() {
        let x = LABEL + if tick <= 0.0 { 0.0 } else { scale.x(tick) };
        let _ = writeln!(
            svg,
            r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{bottom:.1}" stroke="#ddd"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="#555">{}</text>"##,
            TOP - 6.0,
            bottom + 14.0,
            if tick <= 0.0 {
                "0".to_string()
            } else {
                escape(&format_time(tick))
            }
        );
    }
    let mut y = TOP;
    for block in blocks {
        let heading = if block.parameter.is_empty() {
            block.workload.to_string()
        } else {
            format!("{} {}", block.workload, block.parameter)
        };
        for (i, m) in block.rows.iter().enumerate() {
            let name = label(m, block.parameter);
            let text = if i == 0 {
                format!("{heading}: {name}")
            } else {
                name
            };
            let bar = scale.x(m.seconds);
            let _ = writeln!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text><rect x="{LABEL}" y="{:.1}" width="{bar:.1}" height="{:.1}" fill="{}"/><text x="{:.1}" y="{:.1}">{}</text>"#,
                LABEL - 6.0,
                y + ROW - 4.0,
                escape(&text),
                y + 2.0,
                ROW - 4.0,
                color(m.kind),
                LABEL + bar + 4.0,
                y + ROW - 4.0,
                escape(&format_time(m.seconds))
            );
            y += ROW;
        }
        y += GAP;
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_only_when_wide() {
        assert!(!Scale::new(1.0, 9.0).log);
        let scale = Scale::new(1e-8, 1e-3);
        assert!(scale.log);
        assert_eq!(scale.ticks().len(), 6);
        assert!((scale.x(1e-3) - BARS).abs() < 1e-9);
    }
}
