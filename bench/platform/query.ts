/**
 * The platform's own federated query (the walking skeleton's read): portfolio → holdings → coin →
 * quote (market-data), sentiment, analytics, starting from the user (users). Five subgraphs.
 */
export const PLATFORM_QUERY = `query PortfolioPage {
  me {
    portfolios {
      id
      totalCostBasis
      holdings {
        quantity
        costBasis
        marketValue
        coin { name quote { price } sentiment { score } analytics { sma(period: 3) { v } } }
      }
    }
  }
}`;
