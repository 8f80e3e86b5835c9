import type { IDataObject, IDisplayOptions, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Return All + Limit, with the wording n8n's lint rules require. */
export function returnAllOrLimit(what?: string): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
			...(what ? { hint: `How many ${what} to return` } : {}),
		},
	];
}

/** The optional settings of a node or operation, as one "Add Option" collection named `options`. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options };
}

/** undefined = all records (Return All); otherwise the Limit parameter. */
export function limitOf(this: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
}

/**
 * A JSON-object parameter that may arrive as an object (expression result) or a
 * string (the JSON editor); anything else is a clear error for that item.
 */
export function parseJsonObject(node: INode, value: unknown, label: string, itemIndex: number): IDataObject {
	if (value === undefined || value === null || value === '') return {};
	if (typeof value === 'object' && !Array.isArray(value)) return value as IDataObject;
	if (typeof value === 'string') {
		let parsed: unknown;
		try {
			parsed = JSON.parse(value);
		} catch {
			throw new NodeOperationError(node, `${label} is not valid JSON`, {
				itemIndex,
				description: 'For example {"plan": "pro", "order_id": "A-1001"}',
			});
		}
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as IDataObject;
	}
	throw new NodeOperationError(node, `${label} must be a JSON object`, {
		itemIndex,
		description: 'For example {"plan": "pro", "order_id": "A-1001"}',
	});
}

/**
 * A duration option entered in seconds, in milliseconds; the fallback (in seconds)
 * when the option is empty, not a number, or not positive.
 */
export function secondsOption(value: unknown, fallbackSeconds: number): number {
	const n = Number(value);
	return (Number.isFinite(n) && n > 0 ? n : fallbackSeconds) * 1000;
}

/**
 * n8n's `updateDisplayOptions` without its lodash `merge` (tens of microseconds per
 * property while the process is cold, which adds up to tens of milliseconds of n8n's
 * start-up over a few hundred parameters): `show` and `hide` conditions are merged
 * per key, the given ones winning.
 */
export function withDisplayOptions(displayOptions: IDisplayOptions, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => {
		const own = property.displayOptions;
		const merged: IDisplayOptions = { ...own };
		if (displayOptions.show) merged.show = { ...own?.show, ...displayOptions.show };
		if (displayOptions.hide) merged.hide = { ...own?.hide, ...displayOptions.hide };
		return { ...property, displayOptions: merged };
	});
}

/**
 * Options or parameters in the order n8n's lint wants them (by label, case-insensitive),
 * without String#localeCompare, whose collator is costly while n8n loads the nodes.
 */
export function sortedBy<T>(items: T[], label: (item: T) => string): T[] {
	return items
		.map((item) => [label(item).toLowerCase(), item] as const)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([, item]) => item);
}
