package casework

// What the external tests (package casework_test, which runs the whole
// application through webtest) need of the package's internals.
var BeneficiaryFormValues = beneficiaryFormValues
