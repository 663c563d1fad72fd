// Package dynamics simulates traffickers and border services adapting to each
// other month by month over a risk model: perceived risk with memory, route
// choice, expansion and pruning, effort that follows seizures, supply and
// dated events.
package dynamics
