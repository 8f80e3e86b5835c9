import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Finished items (binary data among them) that an operation hands back as they are, instead of JSON to wrap. */
export class ItemsResult {
	constructor(readonly items: INodeExecutionData[]) {}
}

/** One operation: its parameters and its per-item execute, side by side in one file. */
export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[] | ItemsResult>;
}

/** The operations of one resource, by operation value. */
export type OperationMap = Record<string, Operation>;

/**
 * The `execute()` of every action node: runs the chosen operation once per input
 * item. Resource and operation are `noDataExpression` parameters, so they are read
 * once. Results keep `pairedItem`; with "Continue On Fail" an item's error becomes an
 * output item (`error`, `description`) instead of stopping the run.
 */
export async function route(
	this: IExecuteFunctions,
	resources: Record<string, OperationMap>,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler =
		Object.hasOwn(resources, resource) && Object.hasOwn(resources[resource], operation)
			? resources[resource][operation]
			: undefined;
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await handler.execute.call(this, itemIndex);
			output.push(
				...this.helpers.constructExecutionMetaData(result instanceof ItemsResult ? result.items : this.helpers.returnJsonArray(result), {
					itemData: { item: itemIndex },
				}),
			);
		} catch (error) {
			if (this.continueOnFail()) {
				const description = (error as { description?: unknown }).description;
				output.push({
					json: { error: (error as Error).message, ...(description ? { description: String(description) } : {}) },
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			if (error instanceof NodeApiError || error instanceof NodeOperationError) {
				error.context.itemIndex = itemIndex;
			}
			if (error instanceof NodeApiError) {
				// Hands back the same error (n8n does not re-wrap a NodeApiError).
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
			}
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
	return [output];
}
