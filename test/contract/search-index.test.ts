import { searchIndexContract } from './search-index.contract.ts';
import { SEARCH_ENGINES } from './search-support.ts';

for (const engine of SEARCH_ENGINES) searchIndexContract(engine);
