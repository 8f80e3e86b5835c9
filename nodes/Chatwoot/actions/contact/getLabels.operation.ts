import { labelOperation } from '../labels';

export const { description, execute } = labelOperation('contact', 'getLabels', 'get');
