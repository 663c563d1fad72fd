// Package risk scores every crossing and border stretch of a corridor by the probability that a shipment is interdicted there, and derives the smugglers' routes, flows, seizures, calibration and scenarios from those probabilities.
package risk
