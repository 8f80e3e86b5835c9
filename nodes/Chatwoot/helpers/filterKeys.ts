/**
 * What Chatwoot's filters accept, per attribute (Chatwoot 4.15.1
 * lib/filters/filter_keys.yml for standard attributes; FilterService and
 * Filters::CustomAttributeFilterHelper for custom attributes). Shared by the
 * condition dropdowns (methods/) and the checks before a filter is sent (actions/).
 */
export type FilterModel = 'contact' | 'conversation';

export const OPERATOR_NAMES: Record<string, string> = {
	equal_to: 'Equal To',
	not_equal_to: 'Not Equal To',
	contains: 'Contains',
	does_not_contain: 'Does Not Contain',
	is_present: 'Is Present',
	is_not_present: 'Is Not Present',
	is_greater_than: 'Is Greater Than',
	is_less_than: 'Is Less Than',
	days_before: 'Days Before',
	starts_with: 'Starts With',
};

const EQ = ['equal_to', 'not_equal_to'];
const TEXT = [...EQ, 'contains', 'does_not_contain'];
const PRESENCE = [...EQ, 'is_present', 'is_not_present'];
const DATE = ['is_greater_than', 'is_less_than', 'days_before'];

/** Standard attributes: display name and the operators filter_keys.yml allows (others answer 422). */
export const STANDARD_FILTERS: Record<FilterModel, Record<string, { name: string; operators: string[] }>> = {
	contact: {
		name: { name: 'Name', operators: TEXT },
		// starts_with is allowed here, but FilterService has no branch for it: it compares the whole number, as Equal To does.
		phone_number: { name: 'Phone Number', operators: [...TEXT, 'starts_with'] },
		email: { name: 'Email', operators: TEXT },
		identifier: { name: 'Identifier', operators: EQ },
		country_code: { name: 'Country Code', operators: EQ },
		city: { name: 'City', operators: TEXT },
		company_name: { name: 'Company Name', operators: TEXT },
		labels: { name: 'Labels', operators: PRESENCE },
		created_at: { name: 'Created At', operators: DATE },
		last_activity_at: { name: 'Last Activity At', operators: DATE },
		blocked: { name: 'Blocked', operators: EQ },
	},
	conversation: {
		status: { name: 'Status', operators: EQ },
		assignee_id: { name: 'Assignee ID', operators: PRESENCE },
		inbox_id: { name: 'Inbox ID', operators: PRESENCE },
		team_id: { name: 'Team ID', operators: PRESENCE },
		contact_id: { name: 'Contact ID', operators: EQ },
		priority: { name: 'Priority', operators: EQ },
		display_id: { name: 'Conversation Number', operators: TEXT },
		campaign_id: { name: 'Campaign ID', operators: PRESENCE },
		labels: { name: 'Labels', operators: PRESENCE },
		browser_language: { name: 'Browser Language', operators: EQ },
		conversation_language: { name: 'Conversation Language', operators: EQ },
		referer: { name: 'Referer', operators: TEXT },
		created_at: { name: 'Created At', operators: DATE },
		last_activity_at: { name: 'Last Activity At', operators: DATE },
		mail_subject: { name: 'Mail Subject', operators: TEXT },
	},
};

/**
 * Custom attributes, by display type. FilterService::ATTRIBUTE_TYPES has no cast for
 * currency and percent, so Chatwoot cannot filter those at all (the SQL it builds fails).
 */
export const CUSTOM_FILTER_OPERATORS: Record<string, string[]> = {
	text: [...TEXT, 'is_present', 'is_not_present'],
	link: [...TEXT, 'is_present', 'is_not_present'],
	list: [...EQ, 'is_present', 'is_not_present'],
	number: [...EQ, 'is_present', 'is_not_present', 'is_greater_than', 'is_less_than'],
	date: [...EQ, 'is_present', 'is_not_present', ...DATE],
	checkbox: EQ,
	currency: [],
	percent: [],
};

/** Operators that read one value (FilterService uses `values[0]` for them in both filters). */
export const SINGLE_VALUE_OPERATORS = new Set(['is_greater_than', 'is_less_than', 'days_before']);

/** Operators that take no value. */
export const VALUELESS_OPERATORS = new Set(['is_present', 'is_not_present']);
