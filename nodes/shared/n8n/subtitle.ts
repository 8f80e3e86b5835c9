import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/*
 * Node subtitles as a person reads them ("Conversation: Add Labels"), not as stored
 * ("addLabels: conversation"). The editor evaluates a node type's `subtitle` as an n8n
 * expression over the node's parameters, so the names have to be inside the expression:
 * it is generated once, when the node's description is built, from the node's own
 * `resource` and `operation` options. An operation added to a resource shows its name
 * without anyone touching a table.
 */

function optionsOf(property: INodeProperties): INodePropertyOptions[] {
	return ((property.options ?? []) as INodePropertyOptions[]).filter(
		(option) => option && typeof option === 'object' && 'value' in option && typeof option.name === 'string',
	);
}

/** `{ value: name }` of an options parameter. */
function namesByValue(property: INodeProperties): Record<string, string> {
	return Object.fromEntries(optionsOf(property).map((option) => [String(option.value), option.name]));
}

/**
 * An expression literal. The editor splits a parameter into `{{ … }}` segments
 * before it parses JavaScript, so the code must not contain `}}`; a flat object of
 * strings never does, and `\u007d` keeps a `}` in a name from closing the segment.
 */
function literal(value: Record<string, string>): string {
	return JSON.stringify(value).replace(/[{}]/g, (brace, offset: number, text: string) =>
		offset === 0 || offset === text.length - 1 ? brace : brace === '{' ? '\\u007b' : '\\u007d',
	);
}

/**
 * The `subtitle` of an action node whose parameters have a `resource` options
 * parameter and one `operation` options parameter per resource (`displayOptions.show.resource`).
 * Renders "<Resource name>: <Operation name>"; a value missing from the options (an
 * expression, an operation from a newer version of the workflow) shows as stored.
 */
export function resourceOperationSubtitle(properties: INodeProperties[]): string {
	const resource = properties.find((p) => p.name === 'resource' && p.type === 'options');
	if (!resource) throw new Error('resourceOperationSubtitle: the node has no "resource" options parameter');
	const resources = namesByValue(resource);
	const operations: Record<string, string> = {};
	for (const property of properties) {
		if (property.name !== 'operation' || property.type !== 'options') continue;
		const shownFor = (property.displayOptions?.show?.resource ?? []) as unknown[];
		for (const value of shownFor) {
			for (const [operation, name] of Object.entries(namesByValue(property))) {
				operations[`${String(value)}:${operation}`] = name;
			}
		}
	}
	const r = '$parameter["resource"]';
	const o = '$parameter["operation"]';
	return (
		`={{ (${literal(resources)}[${r}] || ${r}) + ": " + ` +
		`(${literal(operations)}[${r} + ":" + ${o}] || ${o}) }}`
	);
}

/**
 * The `subtitle` for the options or multiOptions parameter `name` of `properties`: the
 * names of the chosen values, joined ("Message, Chat Tag"), or `empty` when none is chosen.
 */
export function chosenOptionsSubtitle(properties: INodeProperties[], name: string, empty: string): string {
	const property = properties.find((p) => p.name === name && (p.type === 'options' || p.type === 'multiOptions'));
	if (!property) throw new Error(`chosenOptionsSubtitle: no options parameter "${name}"`);
	const p = `$parameter[${JSON.stringify(name)}]`;
	const names = literal(namesByValue(property));
	return `={{ [].concat(${p} || []).map((v) => (${names})[v] || v).join(", ") || ${JSON.stringify(empty)} }}`;
}
