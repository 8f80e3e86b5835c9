import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as apiRequest from './apiRequest';
import * as chat from './chat';
import * as license from './license';
import * as message from './message';
import * as webhook from './webhook';

type OperationExecute = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject | IDataObject[]>;

const resources: Record<string, Record<string, unknown>> = { apiRequest, chat, license, message, webhook };

function operationOf(resource: string, operation: string): OperationExecute | undefined {
	const module = resources[resource]?.[operation] as { execute?: OperationExecute } | undefined;
	return module?.execute;
}

/** Per-item loop: runs the operation, keeps pairedItem, honours continueOnFail. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const resource = this.getNodeParameter('resource', i) as string;
			const operation = this.getNodeParameter('operation', i) as string;
			const execute = operationOf(resource, operation);
			if (!execute) {
				throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`, {
					itemIndex: i,
				});
			}
			const result = await execute.call(this, i);
			returnData.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), { itemData: { item: i } }),
			);
		} catch (error) {
			if (this.continueOnFail()) {
				const description = (error as { description?: string }).description;
				returnData.push({
					json: { error: (error as Error).message, ...(description ? { description } : {}) },
					pairedItem: { item: i },
				});
				continue;
			}
			if (error instanceof NodeApiError || error instanceof NodeOperationError) {
				error.context.itemIndex = i;
			}
			if (error instanceof NodeApiError) {
				// Hands back the same error: n8n does not re-wrap a NodeApiError.
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
			}
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
	}
	return [returnData];
}
