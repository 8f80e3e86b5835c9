import { formatInZone, isTimezone, parseDate, zoneOffsetMinutes } from '../../../../nodes/Chatwoot/actions/report/dates';
import { timezoneOffset } from '../../../../nodes/Chatwoot/actions/report/params';

describe('report dates', () => {
	test('wall times are read in the zone, across daylight saving time changes', () => {
		// Berlin: UTC+1 until 2026-03-29 02:00, UTC+2 after.
		expect(parseDate('2026-03-29T01:00:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 0));
		expect(parseDate('2026-03-29T03:00:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 1));
		expect(parseDate('2026-07-01', 'Europe/Berlin')).toBe(Date.UTC(2026, 5, 30, 22));
		expect(parseDate('2026-07-01 08:30', 'Asia/Kolkata')).toBe(Date.UTC(2026, 6, 1, 3));
	});

	test('instants stay instants: offsets, epoch seconds and milliseconds, Date and Luxon-like objects', () => {
		const ms = Date.UTC(2026, 4, 1, 12);
		expect(parseDate('2026-05-01T12:00:00Z', 'Asia/Tokyo')).toBe(ms);
		expect(parseDate('2026-05-01T14:00:00+02:00', 'UTC')).toBe(ms);
		expect(parseDate(ms / 1000, 'UTC')).toBe(ms);
		expect(parseDate(ms, 'UTC')).toBe(ms);
		expect(parseDate(String(ms / 1000), 'UTC')).toBe(ms);
		expect(parseDate(new Date(ms), 'UTC')).toBe(ms);
		expect(parseDate({ toMillis: () => ms }, 'UTC')).toBe(ms);
		expect(parseDate('soon', 'UTC')).toBeUndefined();
		expect(parseDate('2026-13-45', 'UTC')).toBeUndefined();
	});

	test('offsets, formatting and zone names', () => {
		expect(zoneOffsetMinutes('Europe/Berlin', Date.UTC(2026, 0, 15))).toBe(60);
		expect(zoneOffsetMinutes('Europe/Berlin', Date.UTC(2026, 6, 15))).toBe(120);
		expect(timezoneOffset('Asia/Kolkata')).toBe(5.5);
		expect(timezoneOffset('America/New_York', Date.UTC(2026, 0, 15))).toBe(-5);
		expect(formatInZone(Date.UTC(2026, 3, 30, 22) / 1000, 'Europe/Berlin')).toBe('2026-05-01');
		expect(formatInZone(Date.UTC(2026, 3, 30, 22) / 1000, 'Europe/Berlin', true)).toBe('2026-05-01 00:00');
		expect(isTimezone('Europe/Berlin')).toBe(true);
		expect(isTimezone('Mars/Olympus')).toBe(false);
	});
});
