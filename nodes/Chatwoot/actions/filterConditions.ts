import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FilterModel } from '../helpers/filterKeys';
import { OPERATOR_NAMES, SINGLE_VALUE_OPERATORS, STANDARD_FILTERS, VALUELESS_OPERATORS } from '../helpers/filterKeys';

import { EXPRESSION_HINT } from './fieldSpecs';

const METHOD: Record<FilterModel, string> = { contact: 'Contact', conversation: 'Conversation' };

/** The Conditions of Contact → Filter and Conversation → Filter: per attribute, the operators Chatwoot accepts. */
export function filterConditionsField(model: FilterModel): INodeProperties {
	return {
		displayName: 'Conditions',
		name: 'conditions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Condition',
		default: {},
		required: true,
		options: [
			{
				displayName: 'Condition',
				name: 'condition',
				values: [
					{
						displayName: 'Attribute Name or ID',
						name: 'attribute_key',
						type: 'options',
						typeOptions: { loadOptionsMethod: `get${METHOD[model]}FilterAttributes` },
						default: '',
						description: `A standard attribute or one of the account's ${model} custom attributes. ${EXPRESSION_HINT}.`,
					},
					{
						displayName: 'Operator Name or ID',
						name: 'filter_operator',
						type: 'options',
						typeOptions: { loadOptionsMethod: `get${METHOD[model]}FilterOperators`, loadOptionsDependsOn: ['&attribute_key'] },
						// Empty means Equal To (the default before operators depended on the attribute).
						default: '',
						description: `The operators Chatwoot accepts for the chosen attribute. ${EXPRESSION_HINT}.`,
					},
					{
						displayName: 'Values',
						name: 'values',
						type: 'string',
						default: '',
						description:
							'Comma-separated values; several values match any of them (Not Equal To: none of them). Dates as YYYY-MM-DD, Days Before as a number of days. Leave empty for Is Present / Is Not Present.',
					},
					{
						displayName: 'Combine With Next',
						name: 'query_operator',
						type: 'options',
						default: 'AND',
						options: [
							{ name: 'AND', value: 'AND' },
							{ name: 'OR', value: 'OR' },
						],
						description: 'AND binds before OR, as in SQL: A OR B AND C means A OR (B AND C)',
					},
				],
			},
		],
	};
}

interface Condition {
	attribute_key: string;
	filter_operator: string;
	values: string[];
}

/** At most this many conditions after expanding several values (a product of OR alternatives grows fast). */
const MAX_CONDITIONS = 50;

function fail(context: IExecuteFunctions, itemIndex: number, message: string, description: string): never {
	throw new NodeOperationError(context.getNode(), message, { itemIndex, description });
}

function check(context: IExecuteFunctions, model: FilterModel, condition: Condition, last: boolean, itemIndex: number) {
	const { attribute_key: key, filter_operator: operator, values } = condition;
	const operatorName = OPERATOR_NAMES[operator] ?? operator;
	if (key === '') fail(context, itemIndex, 'A condition has no attribute', 'Choose the attribute of every condition.');
	if (!OPERATOR_NAMES[operator]) {
		fail(context, itemIndex, `"${operator}" is not a Chatwoot filter operator`, `Use one of: ${Object.keys(OPERATOR_NAMES).join(', ')}.`);
	}
	const standard = STANDARD_FILTERS[model][key];
	if (standard && !standard.operators.includes(operator)) {
		fail(
			context,
			itemIndex,
			`Chatwoot does not filter ${standard.name} with "${operatorName}"`,
			`For ${standard.name} Chatwoot accepts: ${standard.operators.map((o) => OPERATOR_NAMES[o]).join(', ')} (lib/filters/filter_keys.yml).`,
		);
	}
	if (VALUELESS_OPERATORS.has(operator)) return;
	if (values.length === 0) fail(context, itemIndex, `The ${key} condition has no value`, `"${operatorName}" compares with a value: enter one in Values.`);
	if (SINGLE_VALUE_OPERATORS.has(operator) && values.length > 1) {
		fail(context, itemIndex, `"${operatorName}" takes one value, the ${key} condition has ${values.length}`, 'Chatwoot reads only the first value here: add one condition per value instead.');
	}
	if (!standard && operator === 'not_equal_to' && (!last || values.length > 1)) {
		fail(
			context,
			itemIndex,
			`Chatwoot accepts "Not Equal To" on the custom attribute ${key} only once, as the last condition`,
			'Chatwoot 4.15.1 appends "OR <attribute> IS NULL" to that condition, which breaks the query anywhere else. Move it to the end, with one value.',
		);
	}
}

/**
 * Chatwoot joins conditions in order with each one's operator, and SQL binds AND before
 * OR: the conditions are an OR of AND-groups. Several values on Equal To (or Starts
 * With) become one condition per value, OR-ed: the group is repeated once per value.
 * Several values on Not Equal To become one condition per value inside the group. That
 * way every value counts, where Chatwoot itself compares only `values[0]` (contacts:
 * Contacts::FilterService#filter_values; custom attributes in both filters:
 * FilterService#string_filter_values).
 */
function expand(groups: Condition[][]): Condition[][] {
	return groups.flatMap((group) => {
		let alternatives: Condition[][] = [[]];
		for (const condition of group) {
			const single = (value: string): Condition => ({ ...condition, values: [value] });
			if (condition.values.length > 1 && ['equal_to', 'starts_with'].includes(condition.filter_operator)) {
				alternatives = alternatives.flatMap((alternative) => condition.values.map((value) => [...alternative, single(value)]));
			} else if (condition.values.length > 1 && condition.filter_operator === 'not_equal_to') {
				alternatives = alternatives.map((alternative) => [...alternative, ...condition.values.map(single)]);
			} else {
				alternatives = alternatives.map((alternative) => [...alternative, condition]);
			}
		}
		return alternatives;
	});
}

/** Chatwoot's filter payload from the Conditions parameter, checked and expanded. */
export function filterPayload(this: IExecuteFunctions, model: FilterModel, itemIndex: number): IDataObject[] {
	const rows = ((this.getNodeParameter('conditions', itemIndex, {}) as IDataObject).condition ?? []) as IDataObject[];
	if (rows.length === 0) fail(this, itemIndex, 'Add at least one condition', 'Filter needs at least one condition.');
	const groups: Condition[][] = [[]];
	rows.forEach((row, index) => {
		const condition: Condition = {
			attribute_key: String(row.attribute_key ?? '').trim(),
			filter_operator: String(row.filter_operator || 'equal_to'),
			values: VALUELESS_OPERATORS.has(String(row.filter_operator))
				? []
				: [...new Set(String(row.values ?? '').split(',').map((v) => v.trim()).filter((v) => v !== ''))],
		};
		check(this, model, condition, index === rows.length - 1, itemIndex);
		groups[groups.length - 1].push(condition);
		if (index < rows.length - 1 && String(row.query_operator ?? 'AND').toUpperCase() === 'OR') groups.push([]);
	});
	const expanded = expand(groups);
	const count = expanded.reduce((sum, group) => sum + group.length, 0);
	if (count > MAX_CONDITIONS) {
		fail(this, itemIndex, `These conditions expand to ${count} Chatwoot conditions (at most ${MAX_CONDITIONS})`, 'Several values on several Equal To conditions of one AND-group multiply: use fewer values, or run several filters.');
	}
	const payload: IDataObject[] = [];
	expanded.forEach((group, g) =>
		group.forEach((condition, c) => {
			const last = g === expanded.length - 1 && c === group.length - 1;
			// Chatwoot joins each condition to the next with its query_operator; the last one has none.
			payload.push({ ...condition, ...(last ? {} : { query_operator: c === group.length - 1 ? 'OR' : 'AND' }) });
		}),
	);
	return payload;
}
