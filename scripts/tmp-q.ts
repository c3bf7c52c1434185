import { defaultSpinResources } from "../src/kb/provenance/substitution.js";
const r = defaultSpinResources();
console.log(r.model.minProbability, r.model.minRestoreConfidence, r.broadModel.minProbability, r.broadModel.minRestoreConfidence, !!r.restoreModel);
