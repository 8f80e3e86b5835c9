/**
 * Dates of the report operations, in a named timezone (the workflow's by default),
 * with the platform's Intl only: Chatwoot takes periods as Unix seconds and a
 * `timezone_offset` in hours, and answers buckets as Unix seconds.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
	let format = formatters.get(zone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(zone, format);
	}
	return format;
}

/** Whether `zone` is an IANA timezone name this runtime knows. */
export function isTimezone(zone: string): boolean {
	try {
		formatter(zone);
		return true;
	} catch {
		return false;
	}
}

interface WallTime {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

function wallTime(zone: string, epochMs: number): WallTime {
	const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
	return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour, minute: +parts.minute, second: +parts.second };
}

/** Minutes east of UTC of `zone` at `epochMs` (daylight saving time included). */
export function zoneOffsetMinutes(zone: string, epochMs: number): number {
	const t = wallTime(zone, epochMs);
	const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
	return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60000);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * A date parameter as epoch milliseconds: n8n's date picker gives wall time without
 * an offset ("2026-05-01T00:00:00"), read in `zone`; an ISO string with `Z` or an
 * offset, a Luxon DateTime or Date from an expression, or epoch seconds/milliseconds
 * are taken as they are. Undefined when it is not a date.
 */
export function parseDate(value: unknown, zone: string): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? (value > 1e11 ? value : value * 1000) : undefined;
	if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.getTime() : undefined;
	if (value && typeof value === 'object' && typeof (value as { toMillis?: unknown }).toMillis === 'function') {
		const ms = (value as { toMillis(): number }).toMillis();
		return Number.isFinite(ms) ? ms : undefined;
	}
	const text = String(value ?? '').trim();
	if (/^\d+$/.test(text)) return parseDate(Number(text), zone);
	const local = LOCAL.exec(text);
	if (local) {
		const [, y, mo, d, h = '0', mi = '0', s = '0'] = local;
		const guess = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
		const check = new Date(guess);
		// Date.UTC rolls 2026-13-45 over into 2027: not a date.
		if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) return undefined;
		// Twice: the offset at the guess may differ from the offset at the answer across a DST change.
		const first = guess - zoneOffsetMinutes(zone, guess) * 60000;
		return guess - zoneOffsetMinutes(zone, first) * 60000;
	}
	const ms = Date.parse(text);
	return Number.isFinite(ms) ? ms : undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Unix seconds as the wall date in `zone` ("2026-05-01"), with the time for hourly buckets. */
export function formatInZone(epochSeconds: number, zone: string, withTime = false): string {
	const t = wallTime(zone, epochSeconds * 1000);
	const date = `${t.year}-${pad(t.month)}-${pad(t.day)}`;
	return withTime ? `${date} ${pad(t.hour)}:${pad(t.minute)}` : date;
}
