#pragma once
// std::visit with one lambda per alternative: std::visit(Overloaded{[](const A&) {...},
// [](const B&) {...}}, value).

namespace callwerk {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace callwerk
