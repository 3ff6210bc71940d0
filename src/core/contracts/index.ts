// The data-contract support the editor loads on first use (dist/contracts.js): YAML with
// positions, the ODCS JSON schema and its validator, and help from the schema.
export { keyHelp, keysAt, type KeyHelp } from './schemaHelp';
export { validateContract, ODCS_VERSION, type ContractProblem } from './validate';
export { YamlFile, type PathSegment, type TextRange } from './yamlDocument';
export { contractDdl, contractDdlDocument, ContractDdlError, type ContractDdlOptions } from './ddl';
export { readContract, type Contract } from './model';
export { evaluateContractTests, junitReport, planContractTests, plannedChecks, type CheckResult } from './checks';
export { contractDrift, type Drift } from './drift';
export { contractFromCsvSample, contractFromTable, draftStagingDir } from './init';
