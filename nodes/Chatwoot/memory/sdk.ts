import type { supplyMemory } from '@n8n/ai-node-sdk';
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export interface AiNodeSdk {
	supplyMemory: typeof supplyMemory;
}

// n8n shows a sub-node's supplyData error as "Error in sub-node <name>" with the message as its description: the advice is in the message.
const HELP =
	'Chatwoot Chat Memory is built on n8n\'s AI node SDK (@n8n/ai-node-sdk), which n8n 2.x ships: update n8n, or meanwhile use n8n\'s Simple Memory with the Chatwoot node\'s messages. Every other node of this package works without the SDK.';

/**
 * n8n's AI node SDK, loaded when the memory is first supplied, never when n8n loads the
 * package: on an n8n without it (1.x) the package still loads whole and only this node
 * refuses to run, with a message that says why. It is a peer dependency, resolved from
 * n8n's own node_modules (n8n puts its module paths on NODE_PATH before loading
 * community packages, n8n/dist/load-nodes-and-credentials.js).
 */
export function loadAiNodeSdk(node: INode, load: () => unknown = defaultLoad): AiNodeSdk {
	let sdk: Partial<AiNodeSdk> | undefined;
	try {
		sdk = load() as Partial<AiNodeSdk>;
	} catch (error) {
		const missing = (error as { code?: string }).code === 'MODULE_NOT_FOUND';
		const what = missing ? 'This n8n does not include n8n\'s AI node SDK' : `n8n's AI node SDK failed to load (${(error as Error).message})`;
		throw new NodeOperationError(node, `${what}. ${HELP}`);
	}
	if (typeof sdk?.supplyMemory !== 'function') {
		throw new NodeOperationError(node, `This n8n's AI node SDK is too old for Chatwoot Chat Memory (it has no supplyMemory). ${HELP}`);
	}
	return sdk as AiNodeSdk;
}

function defaultLoad(): unknown {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require('@n8n/ai-node-sdk');
}
