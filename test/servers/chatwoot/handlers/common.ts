import type { RecordedRequest, Reply } from '../server';
import type { Row } from '../state';

export const NOT_FOUND: Reply = { status: 404, body: { error: 'Resource could not be found' } };
export const MESSAGE_TYPES: Record<string, number> = { incoming: 0, outgoing: 1, activity: 2, template: 3 };

export function body(request: RecordedRequest): Row {
	return (request.body && typeof request.body === 'object' ? request.body : {}) as Row;
}

export function num(value: unknown): number {
	return Number(value);
}

export function page(request: RecordedRequest): number {
	return Math.max(1, Number(request.query.page ?? 1) || 1);
}
/**
 * Operators per standard attribute, as lib/filters/filter_keys.yml (Chatwoot 4.15.1)
 * lists them: eq = equal_to/not_equal_to, has = contains/does_not_contain,
 * set = is_present/is_not_present, cmp = is_greater_than/is_less_than/days_before.
 */
const FILTER_KEYS: Record<'contact' | 'conversation', string> = {
	contact: 'name:eq,has email:eq,has phone_number:eq,has,starts_with identifier:eq country_code:eq city:eq,has company_name:eq,has labels:eq,set created_at:cmp last_activity_at:cmp blocked:eq',
	conversation:
		'status:eq assignee_id:eq,set inbox_id:eq,set team_id:eq,set contact_id:eq priority:eq display_id:eq,has campaign_id:eq,set labels:eq,set browser_language:eq conversation_language:eq referer:eq,has created_at:cmp last_activity_at:cmp mail_subject:eq,has',
};
const GROUPS: Record<string, string[]> = {
	eq: ['equal_to', 'not_equal_to'],
	has: ['contains', 'does_not_contain'],
	set: ['is_present', 'is_not_present'],
	cmp: ['is_greater_than', 'is_less_than', 'days_before'],
	starts_with: ['starts_with'],
};

function allowedOperators(model: 'contact' | 'conversation'): Record<string, string[]> {
	return Object.fromEntries(
		FILTER_KEYS[model].split(' ').map((entry) => {
			const [key, groups] = entry.split(':');
			return [key, groups.split(',').flatMap((g) => GROUPS[g])];
		}),
	);
}

function compare(value: string, operator: string, values: string[], clock: number): boolean {
	const v = values[0] ?? '';
	switch (operator) {
		case 'equal_to':
		case 'starts_with': // FilterService has no starts_with branch: it compares with `=`.
			return values.some((x) => x.toLowerCase() === value.toLowerCase());
		case 'not_equal_to':
			return !values.some((x) => x.toLowerCase() === value.toLowerCase());
		case 'contains':
			return values.some((x) => value.toLowerCase().includes(x.toLowerCase()));
		case 'does_not_contain':
			return !values.some((x) => value.toLowerCase().includes(x.toLowerCase()));
		case 'is_present':
			return value !== '';
		case 'is_not_present':
			return value === '';
		case 'is_greater_than':
			return value !== '' && Number(value) > Date.parse(v) / 1000;
		case 'is_less_than':
			return value !== '' && Number(value) < Date.parse(v) / 1000;
		case 'days_before':
			return value !== '' && Number(value) < clock - Number(v) * 86400;
		default:
			return false;
	}
}

/**
 * Chatwoot's filter (FilterService#query_builder): conditions joined in order with each
 * one's query_operator into one SQL condition, so AND binds before OR. A standard
 * attribute with an operator filter_keys.yml does not list answers 422. Which values
 * count is Chatwoot's too: the contact filter reads only `values[0]` for equality and
 * labels (Contacts::FilterService#filter_values), custom attributes read only
 * `values[0]` in both filters, contains reads all.
 */
export function filterRows(model: 'contact' | 'conversation', rows: Row[], conditions: Row[], labelsOf: (row: Row) => string[], clock: number): Row[] | Reply {
	const allowed = allowedOperators(model);
	for (const condition of conditions) {
		const key = String(condition.attribute_key);
		const operators = allowed[key];
		if (operators && !operators.includes(String(condition.filter_operator))) {
			return { status: 422, body: { error: `Invalid operator. The allowed operators for ${key} are [${operators.join(',')}].` } };
		}
		if (!['is_present', 'is_not_present'].includes(String(condition.filter_operator)) && !((condition.values as unknown[]) ?? []).length) {
			return { status: 422, body: { error: `Invalid value. The values provided for ${key} are invalid` } };
		}
	}
	const matches = (row: Row, condition: Row) => {
		const key = String(condition.attribute_key);
		const standard = key in allowed;
		let values = ((condition.values as unknown[]) ?? []).map(String);
		const operator = String(condition.filter_operator);
		if (!['contains', 'does_not_contain'].includes(operator) && (!standard || model === 'contact')) values = values.slice(0, 1);
		if (key === 'labels') {
			const has = labelsOf(row).some((l) => values.includes(l));
			return operator === 'equal_to' ? has : operator === 'not_equal_to' ? !has : operator === 'is_present' ? labelsOf(row).length > 0 : labelsOf(row).length === 0;
		}
		const raw = key in row ? row[key] : ((row.additional_attributes as Row | undefined)?.[key] ?? (row.custom_attributes as Row | undefined)?.[key]);
		return compare(raw === null || raw === undefined ? '' : String(raw), operator, values, clock);
	};
	// An OR of AND-groups.
	const groups: Row[][] = [[]];
	conditions.forEach((condition, index) => {
		groups[groups.length - 1].push(condition);
		if (index < conditions.length - 1 && String(condition.query_operator ?? 'AND').toUpperCase() === 'OR') groups.push([]);
	});
	return rows.filter((row) => groups.some((group) => group.every((condition) => matches(row, condition))));
}
